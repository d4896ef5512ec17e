// Public API of @modelgate/assignment.
export {};
