export * from './prediction-event.schema';
export * from './outcome-event.schema';
export * from './parse-event';
export * from './event-json-schemas';
export * from './event-examples';
export * from './dead-letter';
export * from './ingest-events.dto';
