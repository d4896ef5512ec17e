/**
 * bench/analysis: the time of one analysis tick (the runner's transaction: lock, aggregates from
 * rollups, the strategy, the analysis, the state and the decision with its outbox rows) for a
 * deployment with 100 000 events behind it and one with 10 000 000 (rollups at the finest bucket,
 * one minute, over 30 days), side by side in one run. Rollup rows are generated in SQL, not events.
 * Target: ratio ≤ 1.2 and each under 100 ms: the cost follows the analysed window, not the history.
 * Run: `npm run bench:analysis` (the stack up, the test database migrated).
 */
import { deploymentSettingsSchema } from '@modelgate/contracts';
import {
  AnalysisRepository,
  createDataSource,
  DeploymentRepository,
  rolloutEngine,
  RolloutRunner,
  TimelineRepository,
  VARIANT_AGGREGATES_SQL,
} from '@modelgate/persistence';
import { armWeights, initialState, saltsOf } from '@modelgate/rollouts';
import type { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@modelgate/platform';
import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL } from '../../test/support/test-env';

const TICKS = Number(process.env.BENCH_TICKS ?? 30);
const BUCKET_SECONDS = 60;
const DAY_BUCKETS = 86_400 / BUCKET_SECONDS;

const db = createDataSource({ url: TEST_DATABASE_URL, poolSize: 2, applicationName: 'modelgate-bench-analysis' });

/** A canary at its first step, started `historyDays` ago, its step one hour ago; its minimum step time keeps it there. */
async function deploymentWith(events: number, historyDays: number): Promise<string> {
  const now = Date.now();
  const state = {
    ...initialState(),
    phase: 'progressing' as const,
    stepIndex: 0,
    share: 10,
    startedAt: new Date(now - historyDays * 86_400_000).toISOString(),
    stepStartedAt: new Date(now - 3_600_000).toISOString(),
    phaseStartedAt: new Date(now - 3_600_000).toISOString(),
  };
  const request = { strategy: 'canary' as const, baselineVersion: 'v1', candidateVersion: 'v2' };
  const id = await db.transaction((tx) =>
    new DeploymentRepository(db).insert(tx, {
      model: `bench-analysis-${events}`,
      name: `bench ${events} events`,
      ...request,
      targeting: null,
      ...saltsOf('bench', randomBytes(8)),
      settings: deploymentSettingsSchema.parse({ minStepSeconds: 30 * 86_400, intervalSeconds: 60 }),
      state,
      variants: armWeights(request),
      steps: [10, 25, 50],
    }),
  );
  const buckets = historyDays * DAY_BUCKETS;
  // Per bucket and variant: the baseline takes 90 % of the events, the candidate 10 %, both alike
  // (counts multiples of 4, so the latency bins split exactly): every tick holds at the first step.
  await db.query(
    `INSERT INTO rollups (deployment_id, variant, bucket_start, predictions, errors, latency_sum, latency_histogram, outcomes, correct, incorrect)
     SELECT $1, v.name, to_timestamp(floor($2 / 60000.0) * 60) - make_interval(mins => b), n, n / 100, n * 40.0,
            jsonb_build_object('20', n / 4, '50', n / 2, '100', n - n / 4 - n / 2), n / 2, n / 2 - n / 20, n / 20
     FROM generate_series(0, $3 - 1) AS b
     CROSS JOIN (VALUES ('baseline', 0.9), ('candidate', 0.1)) AS v(name, part)
     CROSS JOIN LATERAL (SELECT greatest(4, round($4::numeric * v.part / $3 / 4) * 4)::bigint AS n) AS c`,
    [id, now, buckets, events],
  );
  return id;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  await db.initialize();
  const config = { get: () => BUCKET_SECONDS } as unknown as ConfigService<AppConfig, true>;
  const runner = new RolloutRunner(db, new DeploymentRepository(db), new AnalysisRepository(db), new TimelineRepository(db), rolloutEngine, config);
  const small = await deploymentWith(100_000, 1);
  const large = await deploymentWith(10_000_000, 30);
  await db.query('ANALYZE rollups');
  const sizes: { id: string; rows: number; events: number }[] = await db.query(
    `SELECT deployment_id AS id, count(*)::int AS rows, sum(predictions)::int AS events FROM rollups WHERE deployment_id = ANY($1) GROUP BY 1`,
    [[small, large]],
  );
  const size = (id: string) => sizes.find((x) => x.id === id)!;
  const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN ${VARIANT_AGGREGATES_SQL}`, [large, new Date(Date.now() - 3_600_000).toISOString(), new Date().toISOString(), BUCKET_SECONDS]);
  const scans = plan.map((p) => p['QUERY PLAN'].trim().replace(/^->\s*/, '')).filter((line) => /Scan on rollups/.test(line) || /Index Scan.*rollups/.test(line));
  const times = { small: [] as number[], large: [] as number[] };
  // Interleaved, so that a burst of load on the machine hits both alike.
  for (let i = 0; i < TICKS; i += 1) {
    for (const [name, id] of [['small', small], ['large', large]] as const) {
      const started = performance.now();
      const result = await runner.analyse(id);
      times[name].push(performance.now() - started);
      if (!result.ran) throw new Error(`tick ${i} of ${name} did not run: ${result.reason}`);
    }
  }
  const [s, l] = [median(times.small), median(times.large)];
  console.log(`bench/analysis: one tick, median of ${TICKS} (rollups at ${BUCKET_SECONDS} s buckets; window = the current step, 1 h)`);
  const line = (id: string, ms: number, days: number) =>
    `  ${size(id).events.toLocaleString('en')} events (${days} day${days === 1 ? "" : "s"} of rollups, ${size(id).rows.toLocaleString('en')} rows): ${ms.toFixed(1)} ms`;
  console.log(line(small, s, 1));
  console.log(line(large, l, 30));
  console.log(`  ratio large / small: ${(l / s).toFixed(2)} (target ≤ 1.2; each < 100 ms: ${s < 100 && l < 100 ? 'yes' : 'NO'})`);
  console.log(`  plan of the aggregates: ${scans.map((x) => x.replace(/\s*\(cost.*$/, '')).join(' ← ')}`);
  await db.query(`DELETE FROM deployments WHERE id = ANY($1)`, [[small, large]]);
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
