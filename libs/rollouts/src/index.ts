// Public API of @modelgate/rollouts.
export {};
