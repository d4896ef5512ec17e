/**
 * bench/report: the time apps/api takes to answer a deployment's report (JSON, CSV, HTML) when
 * 100 000 events stand behind it, and when 10 000 000 do, side by side with their ratio. Both
 * deployments have the same history shape: 7 days of one-minute rollup buckets per variant and
 * 2 000 analyses (one decision each, with evidence); only the events they summarise differ. The
 * events exist only as rollups and decisions, as after ingest: a report must not read more.
 * Target: under 1 s, and a ratio near 1 (not growing with the events).
 * Run: `npm run bench:report` (the stack up and the test database migrated: `npm run test:e2e` does both).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { canaryDecisions } from '../../libs/reports/src/testing/canary-story';
import { freePort } from '../../test/support/apps';
import { TEST_DATABASE_URL, testEnv } from '../../test/support/test-env';
import { waitFor } from '../../test/support/wait';
import { machineLoad } from '../support/machine';

// Compiled to dist/bench/report: the repository is three levels up.
const root = resolve(__dirname, '../../..');
const adminKey = 'bench-report-admin-key-0123456789abcdef';

const BUCKETS = 7 * 24 * 60;
const ANALYSES_PER_STEP = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const sizes = [100_000, 10_000_000];
const renderings = [
  ['JSON', 'report'],
  ['CSV', 'report.csv'],
  ['HTML', 'report.html'],
] as const;

/** Rollups (20 160 rows) and 2 000 decisions for `events` predictions, written with plain SQL. */
async function seed(db: Client, deploymentId: string, model: string, events: number): Promise<void> {
  const perBucket = events / BUCKETS;
  await db.query(
    `INSERT INTO rollups (deployment_id, variant, bucket_start, predictions, errors, outcomes, outcome_values, correct, incorrect)
     SELECT $1, v.variant, timestamptz '2025-11-17T00:00:00Z' + make_interval(mins => g), v.n, v.n / 200, v.n * 6 / 10, 0, v.n * 55 / 100, v.n * 5 / 100
     FROM generate_series(0, $2 - 1) g,
          (VALUES ('baseline', round($3 * 0.8)::bigint), ('candidate', round($3 * 0.2)::bigint)) AS v(variant, n)`,
    [deploymentId, BUCKETS, perBucket],
  );
  const decisions = canaryDecisions({
    deploymentId,
    model,
    start: '2025-11-17T00:00:00.000Z',
    holdsPerStep: ANALYSES_PER_STEP - 1,
    intervalSeconds: 300,
    predictionsPerWindow: Math.max(100, Math.round(events / (4 * ANALYSES_PER_STEP))),
  });
  await db.query(
    `INSERT INTO decisions (id, deployment_id, monitor_id, analysis_id, action, reason, evidence, idempotency_key, record, created_at)
     SELECT (r ->> 'id')::uuid, (r ->> 'deploymentId')::uuid, NULL, NULL, r ->> 'action', r ->> 'reason', r -> 'evidence', r ->> 'id', r, (r ->> 'madeAt')::timestamptz
     FROM jsonb_array_elements($1::jsonb) AS r`,
    [JSON.stringify(decisions)],
  );
}

/** apps/api (built) on a free port, with a bootstrap admin key. */
async function startApi(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: { ...process.env, ...testEnv, NODE_ENV: 'development', LOG_LEVEL: 'warn', API_PORT: String(port), MODELGATE_ADMIN_KEY: adminKey },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('apps/api to answer', async () => ((await fetch(`${url}/health`)).ok ? true : undefined), { timeoutMs: 60_000, intervalMs: 200 });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function createDeployment(url: string, events: number): Promise<{ id: string; model: string }> {
  const response = await fetch(`${url}/v1/deployments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
    body: JSON.stringify({
      model: `animal-classifier-bench-report-${events}-${Date.now().toString(36)}`,
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'canary',
      steps: [5, 10, 25, 50],
      primaryMetric: { name: 'accuracy', direction: 'higher' },
    }),
  });
  if (response.status !== 201) throw new Error(`creating a deployment: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; model: string };
}

async function timeGet(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { 'x-api-key': adminKey } });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const pad = (text: string, width: number): string => text.padStart(width);

async function main(): Promise<void> {
  const api = await startApi();
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  const ids: string[] = [];
  try {
    for (const events of sizes) {
      const deployment = await createDeployment(api.url, events);
      ids.push(deployment.id);
      await seed(db, deployment.id, deployment.model, events);
    }
    await db.query('ANALYZE rollups; ANALYZE decisions');
    const times = new Map<string, number[]>();
    const bytes = new Map<string, number>();
    // Alternate the two deployments run by run, so load on the machine weighs on both alike.
    for (let run = -1; run < RUNS; run++) {
      for (const [name, path] of renderings) {
        for (const [i, id] of ids.entries()) {
          const t = await timeGet(`${api.url}/v1/deployments/${id}/${path}`);
          if (run < 0) continue; // warm-up
          const key = `${name}:${i}`;
          times.set(key, [...(times.get(key) ?? []), t.ms]);
          bytes.set(key, t.bytes);
        }
      }
    }
    const [small, large] = await Promise.all(ids.map(async (id) => (await (await fetch(`${api.url}/v1/deployments/${id}/report`, { headers: { 'x-api-key': adminKey } })).json()) as { variants: { totals: { predictions: number } }[]; analyses: unknown[] }));
    const events = (r: typeof small) => r!.variants.reduce((s, v) => s + v.totals.predictions, 0);
    console.log(`bench/report: ${BUCKETS * 2} rollup rows and ${small!.analyses.length} analyses per deployment; median of ${RUNS} requests to apps/api`);
    console.log(`machine: ${machineLoad()} (other processes share the cores)`);
    console.log(`events behind the report (sum of rollups): ${events(small).toLocaleString('en')} and ${events(large).toLocaleString('en')}`);
    console.log(`${'rendering'.padEnd(10)}${pad('100 000 events', 18)}${pad('10 000 000 events', 20)}${pad('ratio', 8)}${pad('size', 10)}`);
    let slowest = 0;
    for (const [name] of renderings) {
      const a = median(times.get(`${name}:0`)!);
      const b = median(times.get(`${name}:1`)!);
      slowest = Math.max(slowest, a, b);
      const size = `${(bytes.get(`${name}:1`)! / 1e6).toFixed(2)} MB`;
      console.log(`${name.padEnd(10)}${pad(`${a.toFixed(1)} ms`, 18)}${pad(`${b.toFixed(1)} ms`, 20)}${pad((b / a).toFixed(2), 8)}${pad(size, 10)}`);
    }
    console.log(slowest < 1000 ? `every rendering under 1 s (slowest ${slowest.toFixed(0)} ms)` : `SLOWER than 1 s: ${slowest.toFixed(0)} ms`);
  } finally {
    if (ids.length > 0) await db.query('DELETE FROM deployments WHERE id = ANY ($1)', [ids]);
    await db.end();
    api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
