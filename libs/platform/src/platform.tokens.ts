/** Which process this is: `api`, `ingest` or `worker`. Labels logs, metrics and connections. */
export const APP_NAME = Symbol('APP_NAME');
export type AppName = 'api' | 'ingest' | 'worker';
/** A connected ioredis client shared by the app (health, pub/sub publishers, rate limits). */
export const REDIS = Symbol('REDIS');
