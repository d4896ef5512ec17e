import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADERS, type OutcomeEventInput, outcomeExample, type PredictionEventInput, predictionExample } from '@modelgate/contracts';
import { createDataSource, EventPartitions, utcDay } from '@modelgate/persistence';
import { KafkaClient, type KafkaProducer, type OutgoingMessage } from '@modelgate/platform';
import { Pool } from 'pg';
import { type RunningApp, startApp } from './support/apps';
import { insertDeployment } from './support/deployment-row';
import { TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from './support/test-env';
import { waitFor } from './support/wait';

/**
 * What the ingest e2e tests share: their own topics, group and model (so runs never see each
 * other's data), a producer, the test database, and an independent recount of the rollups.
 */
export interface IngestWorld {
  id: string;
  topics: { predictions: string; outcomes: string; deadLetters: string };
  groupId: string;
  model: string;
  deploymentId: string;
  db: Pool;
  kafka: KafkaClient;
  producer: KafkaProducer;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The database a world writes to: the test database unless a bench names its own. */
export async function ingestWorld(partitions = 3, databaseUrl = TEST_DATABASE_URL): Promise<IngestWorld> {
  const id = randomUUID().slice(0, 8);
  const topics = { predictions: `e2e-${id}.predictions`, outcomes: `e2e-${id}.outcomes`, deadLetters: `e2e-${id}.dead-letters` };
  const kafka = new KafkaClient({ brokers: TEST_KAFKA_BROKERS.split(','), clientId: `e2e-ingest-${id}` });
  const admin = kafka.admin();
  await admin.ensureTopics(Object.values(topics).map((topic) => ({ topic, partitions })));
  await admin.close();
  const db = new Pool({ connectionString: databaseUrl, max: 4 });
  const model = `animal-classifier-${id}`;
  const deploymentId = await insertDeployment(db, model, `koala rollout ${id}`);
  // The days of the traffic have their partitions before anything writes (a bench's raw COPY included).
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1, applicationName: `e2e-ingest-${id}` }).initialize();
  await new EventPartitions(dataSource).ensure([utcDay(TRAFFIC_BASE), utcDay(Date.now())]).finally(() => dataSource.destroy());
  const producer = await kafka.producer();
  const groupId = `e2e-ingest-${id}`;
  const env = {
    INGEST_GROUP_ID: groupId,
    INGEST_PREDICTIONS_TOPIC: topics.predictions,
    INGEST_OUTCOMES_TOPIC: topics.outcomes,
    INGEST_DEAD_LETTERS_TOPIC: topics.deadLetters,
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
  };
  return {
    id, topics, groupId, model, deploymentId, db, kafka, producer, env,
    close: async () => {
      await producer.close();
      await db.end();
    },
  };
}

/** Starts apps/ingest on the world's topics and group. */
export function startIngest(world: IngestWorld, env: Record<string, string> = {}): Promise<RunningApp> {
  return startApp('ingest', { ...world.env, ...env });
}

/** Event i's id: derived from the world and the index, so a run can be checked for missing ids in SQL. */
export function eventId(world: IngestWorld, kind: 'prediction' | 'outcome', i: number): string {
  return `${world.id}-000${kind === 'prediction' ? 0 : 1}-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/**
 * Where traffic starts by default: a whole hour 11 hours ago, fixed for the process (a replay must
 * carry the same timestamps): a million requests (~10 hours) end before now, well inside the retention.
 */
export const TRAFFIC_BASE = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 11 * 3_600_000;

/**
 * TRAFFIC_BASE + `ms` as producers write it. With `offset` (`+16:00`), the same wall-clock digits
 * under that UTC offset: an instant a few hours earlier, still recent.
 */
export function recent(ms = 0, offset = 'Z'): string {
  const iso = new Date(TRAFFIC_BASE + ms).toISOString();
  return offset === 'Z' ? iso : `${iso.slice(0, 19)}${offset}`;
}

/**
 * Request i of deterministic koala-rollout traffic: predicted by v1 (baseline) or v2 (candidate),
 * every fifth one fails, every `outcomeEvery`-th gets an outcome a minute later; latencies and
 * outcome values are whole numbers so that sums are exact.
 */
export function trafficEvent(world: IngestWorld, i: number, { outcomeEvery = 3, base = TRAFFIC_BASE } = {}) {
  const labels = ['cat', 'dog', 'koala'] as const;
  const requestId = `${world.id}-req-${i}`;
  const failed = i % 5 === 4;
  const prediction: PredictionEventInput = predictionExample({
    eventId: eventId(world, 'prediction', i),
    model: world.model,
    version: i % 4 === 0 ? 'v2' : 'v1',
    requestId,
    unitId: `user-${i % 97}`,
    timestamp: new Date(base + i * 37).toISOString(),
    features: { ear_length_cm: 3 + (i % 50) / 10, fur: labels[i % 3]! },
    prediction: failed ? undefined : { label: labels[i % 3]! },
    error: failed ? { code: 'timeout' } : undefined,
    latencyMs: 1 + ((i * 13) % 300),
  });
  const outcome: OutcomeEventInput | undefined =
    i % outcomeEvery === 0
      ? outcomeExample({
          eventId: eventId(world, 'outcome', i), requestId, unitId: `user-${i % 97}`, label: labels[(i + (i % 7 === 0 ? 1 : 0)) % 3]!, value: i % 11,
          timestamp: new Date(base + i * 37 + 60_000).toISOString(),
        })
      : undefined;
  return { prediction, outcome };
}

/** The first `count` requests of {@link trafficEvent}. */
export function traffic(world: IngestWorld, count: number, options: Parameters<typeof trafficEvent>[2] = {}) {
  const predictions: PredictionEventInput[] = [];
  const outcomes: OutcomeEventInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const { prediction, outcome } = trafficEvent(world, i, options);
    predictions.push(prediction);
    if (outcome) outcomes.push(outcome);
  }
  return { predictions, outcomes };
}

export function asMessages(events: ReadonlyArray<{ requestId: string }>): OutgoingMessage[] {
  return events.map((event) => ({ key: event.requestId, value: JSON.stringify(event) }));
}

/** Produces in chunks, so that a large run never builds one huge request. */
export async function produce(world: IngestWorld, topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 2_000) await world.producer.send(topic, messages.slice(i, i + 2_000));
}

/** Resolves once the group has committed every message of both event topics. */
export async function drained(world: IngestWorld, timeoutMs = 90_000): Promise<void> {
  const admin = world.kafka.admin();
  try {
    await waitFor(
      'ingest to commit every offset',
      async () => {
        const lags = await admin.groupLag(world.groupId, [world.topics.predictions, world.topics.outcomes]);
        return lags.length > 0 && lags.every((l) => l.lag === 0) ? true : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } finally {
    await admin.close();
  }
}

export async function eventCounts(world: IngestWorld): Promise<{ predictions: number; outcomes: number }> {
  const { rows } = await world.db.query<{ predictions: string; outcomes: string }>(
    `SELECT (SELECT count(*) FROM prediction_events WHERE model = $1) AS predictions,
            (SELECT count(*) FROM outcome_events WHERE request_id LIKE $2) AS outcomes`,
    [world.model, `${world.id}-%`],
  );
  return { predictions: Number(rows[0]!.predictions), outcomes: Number(rows[0]!.outcomes) };
}

const ROLLUP_COLUMNS = `variant, bucket_start, predictions::int, errors::int, shadow_predictions::int, latency_sum,
  outcomes::int, outcome_values::int, outcome_sum, outcome_sum_squares, correct::int, incorrect::int`;

/** The rollups of the world's deployment, as stored by ingest. */
export async function storedRollups(world: IngestWorld) {
  const { rows } = await world.db.query(
    `SELECT ${ROLLUP_COLUMNS}, latency_histogram, feature_sketches FROM rollups WHERE deployment_id = $1 ORDER BY variant, bucket_start`,
    [world.deploymentId],
  );
  return rows as Array<Record<string, unknown> & { latency_histogram: Record<string, number>; feature_sketches: Record<string, Record<string, number>> }>;
}

/** The same numbers recounted from the event tables in SQL, independently of ingest's code. */
export async function recountedRollups(world: IngestWorld) {
  const { rows } = await world.db.query(
    `WITH p AS (
       SELECT variant, date_bin('60 seconds', occurred_at, timestamptz 'epoch') AS bucket_start, count(*) AS predictions,
              count(error) AS errors, count(*) FILTER (WHERE shadow) AS shadow_predictions, sum(latency_ms) AS latency_sum
       FROM prediction_events WHERE deployment_id = $1 GROUP BY 1, 2),
     j AS (
       SELECT p.variant, date_bin('60 seconds', p.occurred_at, timestamptz 'epoch') AS bucket_start, count(*) AS outcomes,
              count(o.value) AS outcome_values, coalesce(sum(o.value), 0) AS outcome_sum, coalesce(sum(o.value * o.value), 0) AS outcome_sum_squares,
              count(*) FILTER (WHERE o.label = p.label) AS correct, count(*) FILTER (WHERE o.label <> p.label) AS incorrect
       FROM prediction_events p JOIN outcome_events o ON o.request_id = p.request_id WHERE p.deployment_id = $1 GROUP BY 1, 2)
     SELECT p.variant, p.bucket_start, p.predictions::int, p.errors::int, p.shadow_predictions::int, p.latency_sum,
            coalesce(j.outcomes, 0)::int AS outcomes, coalesce(j.outcome_values, 0)::int AS outcome_values,
            coalesce(j.outcome_sum, 0) AS outcome_sum, coalesce(j.outcome_sum_squares, 0) AS outcome_sum_squares,
            coalesce(j.correct, 0)::int AS correct, coalesce(j.incorrect, 0)::int AS incorrect
     FROM p LEFT JOIN j USING (variant, bucket_start) ORDER BY variant, bucket_start`,
    [world.deploymentId],
  );
  return rows as Array<Record<string, unknown>>;
}

/** Reads the whole dead-letter topic: original value, reason and source offset of each record. */
export async function deadLetters(world: IngestWorld, expected: number, timeoutMs = 60_000) {
  const found = new Map<string, { value: string; reason: string; errors: string; topic: string }>();
  const consumer = await world.kafka.consume({ groupId: `e2e-dlq-reader-${randomUUID()}`, topics: [world.topics.deadLetters] }, async (batch) => {
    for (const message of batch.messages) {
      const h = message.headers;
      found.set(`${h[DEAD_LETTER_HEADERS.sourceTopic]}/${h[DEAD_LETTER_HEADERS.sourcePartition]}/${h[DEAD_LETTER_HEADERS.sourceOffset]}`, {
        value: message.value?.toString('latin1') ?? '',
        reason: h[DEAD_LETTER_HEADERS.reason] ?? '',
        errors: h[DEAD_LETTER_HEADERS.errors] ?? '',
        topic: h[DEAD_LETTER_HEADERS.sourceTopic] ?? '',
      });
    }
  });
  try {
    await waitFor(`${expected} distinct dead letters`, () => (found.size >= expected ? true : undefined), { timeoutMs, intervalMs: 200 });
  } finally {
    await consumer.close();
  }
  return [...found.values()];
}

/** Malformed message k (bad JSON, unknown schema, invalid fields, unknown model in turn), with distinct bytes. */
export function malformedMessage(world: IngestWorld, k: number): Buffer {
  const body = { schema: 'modelgate.prediction/v1', eventId: eventId(world, 'prediction', 0xf00000000 + k), model: world.model, version: 'v1', n: k };
  const kinds = [
    `{"schema":"modelgate.prediction/v1","n":${k},`,
    JSON.stringify({ ...body, schema: 'modelgate.prediction/v0' }),
    JSON.stringify(body), // no unit, request, timestamp, features or latency
    JSON.stringify({ ...body, model: `unknown-${k}` }),
  ];
  return Buffer.from(kinds[k % kinds.length]!);
}

/** What {@link crashTraffic} sends for `count` requests: unique events, duplicates and malformed messages. */
export function crashTrafficSize(count: number) {
  let duplicates = 0;
  let malformed = 0;
  for (let i = 0; i < count; i += 1) {
    if (i % 20 === 7 && i >= 777) duplicates += (i - 777) % 3 === 0 ? 2 : 1;
    if (i % 75 === 50) malformed += 1;
  }
  return { predictions: count, outcomes: Math.ceil(count / 3), duplicates, malformed };
}

/**
 * The crash scenario's traffic, in chunks so that a million events never sit in memory: every
 * request of {@link trafficEvent}, ~5 % of them sent again 777 requests later (duplicates), and
 * ~1 % malformed messages (every 75th request), on the predictions topic.
 */
export function* crashTraffic(world: IngestWorld, count: number, chunk = 2_500) {
  let predictions: OutgoingMessage[] = [];
  let outcomes: OutgoingMessage[] = [];
  let malformed = 0;
  const send = (i: number) => {
    const { prediction, outcome } = trafficEvent(world, i);
    predictions.push({ key: prediction.requestId, value: JSON.stringify(prediction) });
    if (outcome) outcomes.push({ key: outcome.requestId, value: JSON.stringify(outcome) });
  };
  for (let i = 0; i < count; i += 1) {
    send(i);
    if (i % 20 === 7 && i >= 777) send(i - 777);
    if (i % 75 === 50) predictions.push({ value: malformedMessage(world, malformed++) });
    if (predictions.length >= chunk || i === count - 1) {
      yield { predictions, outcomes };
      predictions = [];
      outcomes = [];
    }
  }
}

/** Checks a crash run in SQL: rows, ids missing from the expected set, extra rows, rollup totals. */
export async function crashAudit(world: IngestWorld, count: number) {
  const { rows } = await world.db.query(
    `SELECT
       (SELECT count(*)::int FROM prediction_events WHERE model = $1) AS prediction_rows,
       (SELECT count(*)::int FROM outcome_events WHERE request_id LIKE $2) AS outcome_rows,
       (SELECT count(*)::int FROM generate_series(0, $3 - 1) i WHERE NOT EXISTS (SELECT 1 FROM prediction_events p
          WHERE p.event_id = ($4 || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid)) AS missing_predictions,
       (SELECT count(*)::int FROM generate_series(0, $3 - 1, 3) i WHERE NOT EXISTS (SELECT 1 FROM outcome_events o
          WHERE o.event_id = ($4 || '-0001-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid)) AS missing_outcomes,
       (SELECT coalesce(sum(predictions), 0)::int FROM rollups WHERE deployment_id = $5) AS rollup_predictions`,
    [world.model, `${world.id}-%`, count, world.id, world.deploymentId],
  );
  const audit = rows[0] as { prediction_rows: number; outcome_rows: number; missing_predictions: number; missing_outcomes: number; rollup_predictions: number };
  const expected = crashTrafficSize(count);
  return {
    ...audit,
    extraRows: audit.prediction_rows + audit.outcome_rows - (expected.predictions - audit.missing_predictions) - (expected.outcomes - audit.missing_outcomes),
  };
}
