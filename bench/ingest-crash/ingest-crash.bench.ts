/**
 * bench/ingest-crash: BENCH_REQUESTS requests (default 750 000 → 1 000 000 unique events with their
 * outcomes, plus 5 % duplicates and 1 % malformed messages) consumed by apps/ingest while it is
 * killed with SIGKILL five times and restarted. Prints rows, duplicates and missing (both must be 0)
 * and dead letters (must equal the malformed count).
 * Run: `npm run bench:ingest-crash` (the stack up, the test database migrated: `npm run test:e2e` does both).
 */
import { crashAudit, crashTraffic, crashTrafficSize, deadLetters, drained, eventCounts, ingestWorld } from '../../test/ingest-harness';
import { waitFor } from '../../test/support/wait';
import { type IngestProcess, spawnIngest } from '../ingest/spawn-ingest';
import { machineLoad } from '../support/machine';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 750_000);
const KILLS_AT = [0.15, 0.3, 0.45, 0.6, 0.75];

async function main(): Promise<void> {
  const world = await ingestWorld(3);
  const size = crashTrafficSize(REQUESTS);
  console.log(
    `bench/ingest-crash: ${size.predictions + size.outcomes} unique events (${size.predictions} predictions, ${size.outcomes} outcomes), ` +
      `${size.duplicates} duplicates, ${size.malformed} malformed, ${KILLS_AT.length} SIGKILLs`,
  );
  const started = performance.now();
  try {
    for (const chunk of crashTraffic(world, REQUESTS, 5_000)) {
      await world.producer.send(world.topics.predictions, chunk.predictions);
      await world.producer.send(world.topics.outcomes, chunk.outcomes);
    }
    const env = { ...world.env, INGEST_SESSION_TIMEOUT_MS: '6000' };
    let ingest: IngestProcess = await spawnIngest(env);
    for (const fraction of KILLS_AT) {
      const rows = await waitFor(`${fraction * 100} % of the predictions`, async () => {
        const { predictions } = await eventCounts(world);
        return predictions >= fraction * REQUESTS ? predictions : undefined;
      }, { timeoutMs: 1_800_000, intervalMs: 50 });
      await ingest.kill('SIGKILL');
      console.log(`SIGKILL at ${rows} prediction rows`);
      ingest = await spawnIngest(env);
    }
    await drained(world, 1_800_000);
    await ingest.kill('SIGTERM');
    const audit = await crashAudit(world, REQUESTS);
    const letters = await deadLetters(world, size.malformed, 120_000);
    console.log(`rows:         ${audit.prediction_rows + audit.outcome_rows} (expected ${size.predictions + size.outcomes})`);
    console.log(`duplicates:   ${audit.extraRows} (must be 0)`);
    console.log(`missing:      ${audit.missing_predictions + audit.missing_outcomes} (must be 0)`);
    console.log(`rollups:      ${audit.rollup_predictions} predictions counted (expected ${size.predictions})`);
    console.log(`dead letters: ${letters.length} distinct (expected ${size.malformed})`);
    console.log(`elapsed:      ${((performance.now() - started) / 1000).toFixed(0)} s`);
    console.log(machineLoad());
  } finally {
    await world.db.query('DELETE FROM prediction_events WHERE model = $1', [world.model]);
    await world.db.query('DELETE FROM outcome_events WHERE request_id LIKE $1', [`${world.id}-%`]);
    await world.db.query('DELETE FROM deployments WHERE id = $1', [world.deploymentId]);
    await world.db.query('VACUUM prediction_events');
    await world.db.query('VACUUM outcome_events');
    const admin = world.kafka.admin();
    await admin.deleteTopics(Object.values(world.topics)).catch(() => undefined);
    await admin.close();
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench/ingest-crash failed: ${error instanceof Error ? error.stack : String(error)}`);
  console.error('is the stack up and the test database migrated? (bash scripts/stack.sh up; npm run test:e2e)');
  process.exit(1);
});
