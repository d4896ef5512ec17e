import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);
const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker is host:port')).min(1, 'name at least one broker'));
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/**
 * Every environment variable ModelGate reads, with a default that works on the local stack
 * (`scripts/stack.sh up`). Secrets have no default. The README's table is generated from the
 * `description` of each entry.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('Runtime mode.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  DATABASE_URL: url(['postgres:', 'postgresql:'])
    .default('postgres://modelgate:modelgate@127.0.0.1:5432/modelgate')
    .describe('PostgreSQL connection string.'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Connections per process.'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379').describe('Redis (BullMQ queues, pub/sub).'),
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']).describe('Comma-separated Kafka bootstrap brokers.'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the apps listen on (0.0.0.0 in containers).'),
  API_PORT: port.default(3000).describe('HTTP port of apps/api.'),
  INGEST_PORT: port.default(3001).describe('HTTP port of apps/ingest (health, metrics).'),
  WORKER_PORT: port.default(3002).describe('HTTP port of apps/worker (health, metrics).'),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('How long SIGTERM waits for in-flight work before exiting.'),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_500).describe('Timeout of each /health probe.'),
  INGEST_GROUP_ID: z.string().min(1).default('modelgate-ingest').describe('Kafka consumer group of apps/ingest.'),
  INGEST_PREDICTIONS_TOPIC: z.string().min(1).default('modelgate.predictions').describe('Topic of prediction events.'),
  INGEST_OUTCOMES_TOPIC: z.string().min(1).default('modelgate.outcomes').describe('Topic of outcome events.'),
  INGEST_DEAD_LETTERS_TOPIC: z.string().min(1).default('modelgate.dead-letters').describe('Topic of malformed events.'),
  INGEST_MAX_BYTES_PER_PARTITION: z.coerce
    .number()
    .int()
    .min(16_384)
    .max(67_108_864)
    .default(2_097_152)
    .describe('Bytes fetched per partition per batch: bounds ingest memory whatever the lag.'),
  INGEST_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000)
    .max(300_000)
    .default(30_000)
    .describe('How long the group waits for a silent ingest member (e.g. killed) before reassigning its partitions.'),
  INGEST_CONCURRENT_PARTITIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(3)
    .describe('Partitions whose fetched batches ingest takes up at once. Each partition has at most one batch being written and the next one fetched behind it.'),
  INGEST_OUTCOMES_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(30_000)
    .describe(
      'How long a batch of outcomes may wait while predictions timestamped before it are still unread: ingest reads predictions first when both topics lag, as an outcome stored before its prediction costs a lookup in every older day. 0 reads outcomes as they come.',
    ),
  ROLLUP_BUCKET_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60).describe('Width of a rollup time bucket.'),
  EVENT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3_650)
    .default(14)
    .describe(
      'Days of raw prediction and outcome events kept (daily partitions; apps/worker drops older days). Also the window in which a late outcome joins its prediction and a replay is recognised; older events are dead-lettered as expired. Rollups, analyses and decisions are kept forever.',
    ),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .default(60_000)
    .describe('Requests per minute each API key may make to apps/api (per replica).'),
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'a size such as 512kb or 1mb')
    .default('1mb')
    .describe('Largest request body apps/api accepts (a batch of 1 000 units fits in 1mb).'),
  MODELGATE_ADMIN_KEY: z
    .string()
    .min(24, 'at least 24 characters')
    .optional()
    .describe('Bootstrap admin API key (no default: set it to create the first keys).'),
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('Time limit of one webhook delivery attempt.'),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8).describe('Delivery lines (one destination and one deployment each) apps/worker drains at once.'),
  DELIVERY_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(1_000).describe('First retry delay ceiling of a failed delivery; doubles per attempt, full jitter.'),
  DELIVERY_BACKOFF_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(600_000).describe('Largest delay between two delivery attempts.'),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(100).describe('Attempts of one delivery before it is marked failed (retry it by hand).'),
  DELIVERY_MAX_AGE_MS: z.coerce.number().int().min(1_000).max(2_592_000_000).default(86_400_000).describe('How long a delivery is retried before it is marked failed (retry it by hand).'),
  DELIVERY_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000).describe('How often apps/worker re-enqueues every undelivered decision from the outbox (also at start).'),
  REPORT_LINK_SECRET: z
    .string()
    .min(32, 'at least 32 characters')
    .optional()
    .describe('Signs the HTML report links of POST /v1/deployments/:id/report-links (required in production; elsewhere a random one per process).'),
});

export type AppConfig = z.infer<typeof configSchema>;

/** The local stack's database password (scripts/stack.sh, docker-compose.yml): refused in production. */
export const LOCAL_DATABASE_PASSWORD = 'modelgate';
/** The admin key scripts/demo.sh starts the api with: refused in production. */
export const DEMO_ADMIN_KEY = 'demo-admin-key-change-me-0123456789';

/** Variables whose value may be or hold a secret: their errors never print it. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'REDIS_URL', 'MODELGATE_ADMIN_KEY']);
const looksSecret = (name: string) => SECRET_VARIABLES.has(name) || /(KEY|SECRET|PASSWORD|TOKEN|_URL)$/.test(name);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration, fix these environment variables and start again:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws a ConfigError naming every bad variable (not only the first) and
 * the rule it breaks. A secret's value is never printed (issue 9: a mistyped DATABASE_URL landed its
 * password in the logs). In production, the local stack's default secrets are refused.
 */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => problem(String(issue.path[0]), env[String(issue.path[0])], issue.message)));
  }
  const refused = result.data.NODE_ENV === 'production' ? productionProblems(result.data) : [];
  if (refused.length > 0) throw new ConfigError(refused);
  return result.data;
}

function problem(name: string, value: string | undefined, rule: string): string {
  if (value === undefined) return `${name} (not set): ${rule}`;
  return looksSecret(name) ? `${name} (value hidden, it may hold a secret): ${rule}` : `${name}=${JSON.stringify(value)}: ${rule}`;
}

/** The local-stack defaults that must never guard a production deployment. */
function productionProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (new URL(config.DATABASE_URL).password === LOCAL_DATABASE_PASSWORD) {
    problems.push(
      `DATABASE_URL (value hidden): NODE_ENV=production refuses the local stack's database password; set DATABASE_URL with the production database's own credentials`,
    );
  }
  if (config.MODELGATE_ADMIN_KEY === DEMO_ADMIN_KEY) {
    problems.push(`MODELGATE_ADMIN_KEY (value hidden): NODE_ENV=production refuses the demo's admin key; set a key of your own (openssl rand -hex 24)`);
  }
  return problems;
}
