/**
 * Where the e2e suite finds the stack. Defaults are the local stack's; a second checkout can run
 * its suite beside a running one by moving Kafka (KAFKA_PORT), the database (TEST_DATABASE_URL)
 * and Redis (REDIS_URL with another database number).
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://modelgate:modelgate@127.0.0.1:5432/modelgate_test';
export const TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Environment of every e2e worker and of the processes the tests spawn. */
export const testEnv = {
  NODE_ENV: 'test',
  DATABASE_URL: TEST_DATABASE_URL,
  KAFKA_BROKERS: TEST_KAFKA_BROKERS,
  REDIS_URL: TEST_REDIS_URL,
};
