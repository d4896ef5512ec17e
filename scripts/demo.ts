/**
 * The story, played against the running apps (scripts/demo.sh starts them): v1 of the animal
 * classifier tells cats from dogs, v2 also knows koalas. A canary puts a sticky 5 % of users on v2;
 * their predictions and true labels go through Kafka into the rollups; a sequential
 * non-inferiority test on accuracy says whether v2 may grow to the next step.
 */
import { randomUUID } from 'node:crypto';
import { OUTCOME_EVENT_SCHEMA, PREDICTION_EVENT_SCHEMA } from '@modelgate/contracts';
import { KafkaClient, type OutgoingMessage, parseConfig, TOPICS } from '@modelgate/platform';
import { compareVariants } from '@modelgate/stats';
import { Client } from 'pg';
import { seededUniform } from '../libs/stats/src/testing/seeded-random';

const config = parseConfig(process.env);
const apiUrl = process.env.MODELGATE_API_URL ?? `http://127.0.0.1:${config.API_PORT}`;
const adminKey = process.env.MODELGATE_ADMIN_KEY;
const USERS = 4_000;
const PHOTOS_PER_USER = 5;

type Animal = 'cat' | 'dog' | 'koala';
interface Assignment {
  version: string;
  variant: string;
  reason: string;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': adminKey ?? '' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** What each version answers for a photo of `truth`: v1 has never seen a koala. */
function classify(version: string, truth: Animal, random: () => number): Animal {
  if (truth === 'koala') return version === 'v2' && random() < 0.85 ? 'koala' : random() < 0.5 ? 'cat' : 'dog';
  const right = random() < (version === 'v2' ? 0.93 : 0.92);
  return right ? truth : truth === 'cat' ? 'dog' : 'cat';
}

async function main(): Promise<void> {
  if (!adminKey) throw new Error('set MODELGATE_ADMIN_KEY to the key the api was started with');
  const model = `animal-classifier-demo-${Date.now()}`;
  const deployment = await call<{ id: string; steps: number[] }>('POST', '/v1/deployments', {
    model,
    baselineVersion: 'v1',
    candidateVersion: 'v2',
    strategy: 'canary',
    steps: [5, 10, 25, 50],
    primaryMetric: { name: 'accuracy', direction: 'higher' },
    thresholds: [{ metric: 'error_rate', bound: 'max', threshold: 0.02 }],
    minSamples: 500,
    margin: 0.02,
    start: true,
  });
  console.log(`1. canary ${deployment.id}: ${model} v1 → v2, steps ${deployment.steps.join(' → ')} %`);

  const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
  const assign = async () => {
    const answers: Assignment[] = [];
    for (let i = 0; i < users.length; i += 1_000) {
      const batch = users.slice(i, i + 1_000).map((unitId) => ({ deploymentId: deployment.id, unitId }));
      answers.push(...(await call<{ assignments: Assignment[] }>('POST', '/v1/assign/batch', { units: batch })).assignments);
    }
    return answers;
  };
  const assignments = await assign();
  const onV2 = assignments.filter((a) => a.version === 'v2').length;
  const again = await assign();
  const sticky = again.every((a, i) => a.version === assignments[i]?.version);
  console.log(`2. ${onV2} of ${USERS} users (${((100 * onV2) / USERS).toFixed(1)} %) are in the v2 cohort; asked again, ${sticky ? 'every' : 'NOT every'} user keeps their version`);

  const random = seededUniform(2026); // the same story on every run
  const kafka = new KafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'modelgate-demo' });
  const producer = await kafka.producer();
  const predictions: OutgoingMessage[] = [];
  const outcomes: OutgoingMessage[] = [];
  const now = Date.now();
  users.forEach((unitId, u) => {
    const version = assignments[u]!.version;
    for (let p = 0; p < PHOTOS_PER_USER; p++) {
      const draw = random();
      const truth: Animal = draw < 0.12 ? 'koala' : draw < 0.56 ? 'cat' : 'dog';
      const requestId = randomUUID();
      const timestamp = new Date(now - 60_000 + p * 1_000).toISOString();
      const label = classify(version, truth, random);
      predictions.push({
        key: unitId,
        value: JSON.stringify({
          schema: PREDICTION_EVENT_SCHEMA,
          eventId: randomUUID(),
          model,
          version,
          deploymentId: deployment.id,
          unitId,
          requestId,
          timestamp,
          features: { ear_length_cm: truth === 'koala' ? 6 + random() : 4 + 4 * random(), fur: truth === 'koala' ? 'grey' : 'brown' },
          prediction: { label },
          latencyMs: (version === 'v2' ? 24 : 22) + 10 * random(),
          shadow: false,
        }),
      });
      outcomes.push({
        key: unitId,
        value: JSON.stringify({ schema: OUTCOME_EVENT_SCHEMA, eventId: randomUUID(), requestId, unitId, timestamp, label: truth }),
      });
    }
  });
  for (let i = 0; i < predictions.length; i += 2_000) await producer.send(TOPICS.predictions, predictions.slice(i, i + 2_000));
  for (let i = 0; i < outcomes.length; i += 2_000) await producer.send(TOPICS.outcomes, outcomes.slice(i, i + 2_000));
  await producer.send(TOPICS.predictions, [{ value: '{"schema":"modelgate.prediction/v1","model":' }]);
  await producer.close();
  console.log(`3. sent ${predictions.length} predictions, their ${outcomes.length} true labels, and one broken event to Kafka`);

  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  type Row = { variant: string; predictions: string; correct: string; incorrect: string };
  let rows: Row[] = [];
  const deadline = Date.now() + 120_000;
  for (;;) {
    ({ rows } = await db.query<Row>(
      `SELECT variant, sum(predictions) AS predictions, sum(correct) AS correct, sum(incorrect) AS incorrect
         FROM rollups WHERE deployment_id = $1 GROUP BY variant ORDER BY variant`,
      [deployment.id],
    ));
    const labelled = rows.reduce((sum, r) => sum + Number(r.correct) + Number(r.incorrect), 0);
    if (labelled === predictions.length) break;
    if (Date.now() > deadline) throw new Error(`ingest wrote ${labelled} of ${predictions.length} labelled predictions in 2 minutes: read .stack/apps/ingest.log`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await db.end();
  console.log('4. the rollups ingest wrote (one transaction per batch, offsets committed after it):');
  const arms = new Map(rows.map((r) => [r.variant, { kind: 'proportion' as const, n: Number(r.correct) + Number(r.incorrect), sum: Number(r.correct) }]));
  for (const r of rows) console.log(`     ${r.variant.padEnd(9)} ${r.predictions.padStart(6)} predictions, accuracy ${(Number(r.correct) / (Number(r.correct) + Number(r.incorrect))).toFixed(3)}`);

  const baseline = arms.get('baseline');
  const candidate = arms.get('candidate');
  if (!baseline || !candidate) throw new Error('both variants should have rollups');
  const comparison = compareVariants(baseline, candidate, { kind: 'non_inferiority', margin: 0.02, sequential: true });
  const { expected, ciLower, ciUpper } = comparison.estimate;
  console.log(
    `5. sequential non-inferiority of v2 on accuracy (margin 2 %): relative lift ${(100 * expected).toFixed(1)} % ` +
      `[${(100 * ciLower).toFixed(1)} %, ${(100 * ciUpper).toFixed(1)} %] → ${comparison.verdict}` +
      (comparison.verdict === 'pass' ? ': v2 may grow to the next step (10 %)' : comparison.verdict === 'fail' ? ': roll back to v1' : ': hold and keep collecting'),
  );
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
