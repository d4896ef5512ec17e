// Public API of @modelgate/ingest: the ingest path shared by the Kafka consumer and the HTTP endpoint.
export * from './batch/classify-events';
export * from './rollups/compute-rollups';
