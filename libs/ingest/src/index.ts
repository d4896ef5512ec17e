// Public API of @modelgate/ingest: the ingest path shared by the Kafka consumer and the HTTP endpoint.
export * from './batch/classify-events';
export * from './deployments/deployment-index';
export * from './ingestor/event-ingestor';
export * from './rollups/compute-rollups';
export * from './writer/event-batch.writer';
export * from './ingestor/event-ingestor.provider';
export * from './writer/pg-copy';
export * from './writer/database-errors';
