// Public API of @modelgate/deploy.
export {};
