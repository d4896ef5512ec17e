// Public API of @modelgate/contracts.
export {};
export * from './events';
