// Public API of @modelgate/stats.
export {};
