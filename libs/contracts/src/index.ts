// Public API of @modelgate/contracts.
export {};
