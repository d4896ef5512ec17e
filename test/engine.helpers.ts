import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnalysisDto, Decision, Deployment, OutcomeEventInput, PredictionEventInput, TimelineEntryDto } from '@modelgate/contracts';
import { KafkaClient, type KafkaProducer, type OutgoingMessage } from '@modelgate/platform';
import { Pool } from 'pg';
import { adminKey, call, createKey, startApi, uniqueModel } from './assignment-api.helpers';
import { type RunningApp, startApp } from './support/apps';
import { TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from './support/test-env';
import { waitFor } from './support/wait';

/** The engine stack's rollup bucket (its ROLLUP_BUCKET_SECONDS): short, so that a test runs in seconds. */
const BUCKET_MS = 1_000;

/**
 * What the engine e2e tests share: an api and an ingest on their own topics, an operator key, the
 * database. Rollup buckets are one second wide, so that events stamped "now" fall in the current
 * step's window and events stamped a minute ago in the window before a cut-over: no waiting on
 * wall-clock intervals, analyses are triggered with `POST /v1/deployments/:id/analyses`.
 */
export interface EngineStack {
  api: RunningApp;
  ingest: RunningApp;
  operatorKey: string;
  db: Pool;
  env: Record<string, string>;
  send(deployment: Deployment, traffic: readonly VariantTraffic[], options?: { paired?: boolean; requestTag?: string }): Promise<void>;
  close(): Promise<void>;
}

/** One version's traffic in a batch: deterministic error, accuracy and latency patterns. */
export interface VariantTraffic {
  version: string;
  count: number;
  /** Fraction of calls that fail (spread evenly). */
  errorRate?: number;
  /** Fraction of labelled predictions that are right. */
  accuracy?: number;
  /** Latency of call i: base + 2 · (i mod 40) ms (overlapping spreads, as real latencies have). */
  latencyMs?: number;
  shadow?: boolean;
  /** The events' time (ms), default now. */
  at?: number;
}

const labels = ['cat', 'dog', 'koala'] as const;
/** Whether call i is one of the `rate` fraction, spread evenly. */
const hit = (i: number, rate: number): boolean => Math.floor((i + 1) * rate) > Math.floor(i * rate);

export async function engineStack(extraEnv: Record<string, string> = {}): Promise<EngineStack> {
  const id = randomUUID().slice(0, 8);
  const topics = { predictions: `e2e-${id}.predictions`, outcomes: `e2e-${id}.outcomes`, deadLetters: `e2e-${id}.dead-letters` };
  const kafka = new KafkaClient({ brokers: TEST_KAFKA_BROKERS.split(','), clientId: `e2e-engine-${id}` });
  const admin = kafka.admin();
  await admin.ensureTopics(Object.values(topics).map((topic) => ({ topic, partitions: 2 })));
  await admin.close();
  const groupId = `e2e-engine-${id}`;
  const env = {
    INGEST_GROUP_ID: groupId,
    INGEST_PREDICTIONS_TOPIC: topics.predictions,
    INGEST_OUTCOMES_TOPIC: topics.outcomes,
    INGEST_DEAD_LETTERS_TOPIC: topics.deadLetters,
    ROLLUP_BUCKET_SECONDS: String(BUCKET_MS / 1000),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const [api, ingest] = await Promise.all([startApi(env), startApp('ingest', env)]);
  const operatorKey = await createKey(api, 'operator');
  const producer: KafkaProducer = await kafka.producer();
  const db = new Pool({ connectionString: TEST_DATABASE_URL, max: 3 });
  let batch = 0;

  const drained = async () => {
    const lagAdmin = kafka.admin();
    try {
      await waitFor(
        'ingest to commit every offset',
        async () => {
          const lags = await lagAdmin.groupLag(groupId, [topics.predictions, topics.outcomes]);
          return lags.length > 0 && lags.every((l) => l.lag === 0) ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 100 },
      );
    } finally {
      await lagAdmin.close();
    }
  };

  const send: EngineStack['send'] = async (deployment, traffic, { paired = false, requestTag } = {}) => {
    batch += 1;
    const predictions: OutgoingMessage[] = [];
    const outcomes: OutgoingMessage[] = [];
    const outcomeSent = new Set<string>();
    for (const t of traffic) {
      const at = t.at ?? Date.now();
      for (let i = 0; i < t.count; i += 1) {
        // Paired versions answer the same requests; a tag names requests across sends.
        const requestId = requestTag ? `${id}-${requestTag}-r${i}` : paired ? `${id}-b${batch}-r${i}` : `${id}-b${batch}-${t.version}-r${i}`;
        const truth = labels[i % 3]!;
        const right = hit(i, t.accuracy ?? 0.9);
        const failed = hit(i, t.errorRate ?? 0.01);
        const event: PredictionEventInput = {
          schema: 'modelgate.prediction/v1',
          eventId: randomUUID(),
          deploymentId: deployment.id,
          model: deployment.model,
          version: t.version,
          unitId: `user-${i}`,
          requestId,
          timestamp: new Date(at).toISOString(),
          features: { ear_length_cm: 3 + (i % 50) / 10 },
          prediction: failed ? undefined : { label: right ? truth : labels[(i + 1) % 3]! },
          error: failed ? { code: 'timeout' } : undefined,
          latencyMs: (t.latencyMs ?? 40) + (i % 40) * 2,
          shadow: t.shadow ?? false,
        };
        predictions.push({ key: requestId, value: JSON.stringify(event) });
        if (!outcomeSent.has(requestId)) {
          outcomeSent.add(requestId);
          const outcome: OutcomeEventInput = { schema: 'modelgate.outcome/v1', eventId: randomUUID(), requestId, unitId: `user-${i}`, timestamp: new Date(at).toISOString(), label: truth };
          outcomes.push({ key: requestId, value: JSON.stringify(outcome) });
        }
      }
    }
    for (let i = 0; i < outcomes.length; i += 2_000) await producer.send(topics.outcomes, outcomes.slice(i, i + 2_000));
    // Ingest refreshes its deployment index at most once a second: the first events of a deployment
    // created a moment ago may be dead-lettered as unknown. Like a producer that retries its dead
    // letters, send again whatever did not land (ids are the events' own: a resend never counts twice).
    let pending = predictions;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === 5) throw new Error(`${pending.length} predictions never landed in prediction_events`);
      for (let i = 0; i < pending.length; i += 2_000) await producer.send(topics.predictions, pending.slice(i, i + 2_000));
      await drained();
      const ids = pending.map((m) => (JSON.parse(m.value as string) as { eventId: string }).eventId);
      const { rows } = await db.query<{ event_id: string }>('SELECT event_id FROM prediction_events WHERE event_id = ANY($1::uuid[])', [ids]);
      const landed = new Set(rows.map((r) => r.event_id));
      pending = pending.filter((_, i) => !landed.has(ids[i]!));
    }
  };

  return {
    api,
    ingest,
    operatorKey,
    db,
    env,
    send,
    close: async () => {
      await producer.close();
      await db.end();
      await Promise.all([api.stop('SIGKILL'), ingest.stop('SIGKILL')]);
    },
  };
}

/** Creates a deployment of the animal classifier (v1 → v2) with overrides, started at once. */
export async function deploy(stack: EngineStack, body: Record<string, unknown>): Promise<Deployment> {
  const created = await call<Deployment>(stack.api, 'POST', '/v1/deployments', {
    key: stack.operatorKey,
    body: { model: uniqueModel('engine'), baselineVersion: 'v1', candidateVersion: 'v2', start: true, ...body },
  });
  if (created.status !== 201) throw new Error(`creating a deployment: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

export async function analyse(stack: EngineStack, id: string): Promise<AnalysisDto> {
  const response = await call<AnalysisDto>(stack.api, 'POST', `/v1/deployments/${id}/analyses`, { key: stack.operatorKey });
  if (response.status !== 201) throw new Error(`analysing ${id}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function deploymentOf(stack: EngineStack, id: string): Promise<Deployment> {
  return (await call<Deployment>(stack.api, 'GET', `/v1/deployments/${id}`, { key: adminKey })).body;
}

export async function decisionsOf(stack: EngineStack, id: string): Promise<Decision[]> {
  return (await call<Decision[]>(stack.api, 'GET', `/v1/deployments/${id}/decisions`, { key: adminKey })).body;
}

export async function timelineOf(stack: EngineStack, id: string): Promise<TimelineEntryDto[]> {
  return (await call<TimelineEntryDto[]>(stack.api, 'GET', `/v1/deployments/${id}/timeline`, { key: adminKey })).body;
}

export async function control(stack: EngineStack, id: string, command: string, key = stack.operatorKey) {
  return call<Decision & { message?: string }>(stack.api, 'POST', `/v1/deployments/${id}/${command}`, { key, body: {} });
}

/**
 * Sends what `trafficOf` gives for the deployment's current state, analyses, and repeats until a
 * final phase (or `maxTicks`): returns every analysis.
 */
export async function drive(
  stack: EngineStack,
  deployment: Deployment,
  trafficOf: (d: Deployment) => { traffic: VariantTraffic[]; paired?: boolean },
  { maxTicks = 12, until = ['promoted', 'rolled_back', 'stopped'] as string[] } = {},
): Promise<AnalysisDto[]> {
  const analyses: AnalysisDto[] = [];
  let current = deployment;
  for (let tick = 0; tick < maxTicks && !until.includes(current.phase); tick += 1) {
    const { traffic, paired } = trafficOf(current);
    await stack.send(current, traffic, { paired });
    // As the worker's ticks (intervalSeconds apart), analyse once the traffic's bucket is over: a step
    // this analysis starts then begins in a bucket without the step before's traffic, which rollups
    // cannot tell apart inside a bucket (the demo waits likewise).
    await sleep(BUCKET_MS - (Date.now() % BUCKET_MS));
    analyses.push(await analyse(stack, current.id));
    current = await deploymentOf(stack, current.id);
  }
  return analyses;
}

export { adminKey, call };
