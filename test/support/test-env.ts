/** The e2e suite's own database, so tests never touch the demo's data. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://modelgate:modelgate@127.0.0.1:5432/modelgate_test';

/** Environment of every e2e worker and of the processes the tests spawn. */
export const testEnv = { NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL };
