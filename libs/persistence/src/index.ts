// Public API of @modelgate/persistence.
export {};
