// Public API of @modelgate/reports.
export {};
