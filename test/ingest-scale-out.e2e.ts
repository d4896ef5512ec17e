import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from './support/apps';
import { TEST_KAFKA_BROKERS } from './support/test-env';
import { waitFor } from './support/wait';
import {
  crashAudit, crashTraffic, crashTrafficSize, deadLetters, drained, eventCounts, type IngestWorld, ingestWorld, malformedMessage, produce,
  recountedRollups, startIngest, storedRollups,
} from './ingest-harness';

const REQUESTS = 16_000;

/** The partitions a replica has handled batches of, with the lag its last batch left, from its per-partition gauge. */
async function partitionsOf(replica: RunningApp): Promise<Map<string, number>> {
  const metrics = await (await fetch(`${replica.url}/metrics`)).text();
  return new Map(
    [...metrics.matchAll(/^modelgate_ingest_consumer_lag\{(.*)\} (\S+)$/gm)].map(([, labels, lag]) => {
      const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels!)?.[1];
      return [`${label('topic')}/${label('partition')}`, Number(lag)];
    }),
  );
}

/** Resolves once two members share the group, balanced (the platform's Kafka module has no group description). */
async function twoMembers(groupId: string): Promise<void> {
  const admin = new Kafka({ clientId: 'scale-out-check', brokers: TEST_KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await waitFor('both replicas in the consumer group', async () => {
      const [group] = (await admin.describeGroups([groupId])).groups;
      return group?.state === 'Stable' && group.members.length === 2 ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 100 });
  } finally {
    await admin.disconnect();
  }
}

describe('ingest scaled out: two replicas in one group, one SIGKILLed mid-stream (issue 9)', () => {
  let world: IngestWorld;
  const replicas: RunningApp[] = [];
  beforeAll(async () => {
    world = await ingestWorld(4);
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop('SIGKILL');
    await world?.close();
  });

  it('keeps the rows exact, with no duplicate, and rollups equal to a recount, after the survivor takes over', async () => {
    // Small fetches, so that the stream lasts long enough to kill a replica in its middle.
    const env = { INGEST_SESSION_TIMEOUT_MS: '6000', INGEST_MAX_BYTES_PER_PARTITION: '32768' };
    const [doomed, survivor] = await Promise.all([startIngest(world, env), startIngest(world, env)]);
    replicas.push(doomed!, survivor!);
    // The traffic comes once the group is balanced: a replica alone would take every partition and
    // could drain the topic before the other joins.
    await twoMembers(world.groupId);
    for (const chunk of crashTraffic(world, REQUESTS)) {
      await produce(world, world.topics.predictions, chunk.predictions);
      await produce(world, world.topics.outcomes, chunk.outcomes);
    }

    // Both replicas own partitions before the kill (the group really is shared), and a fifth is written.
    await waitFor('both replicas to handle batches, and 20 % of the predictions', async () =>
      (await partitionsOf(doomed!)).size > 0 && (await partitionsOf(survivor!)).size > 0 && (await eventCounts(world)).predictions >= 0.2 * REQUESTS
        ? true
        : undefined,
    { timeoutMs: 90_000, intervalMs: 50 });
    const atKill = (await eventCounts(world)).predictions;
    const doomedPartitions = await partitionsOf(doomed!);
    await doomed!.stop('SIGKILL');
    expect(atKill).toBeLessThan(REQUESTS); // killed mid-stream, not after the end

    const started = Date.now();
    await drained(world, 150_000);
    const size = crashTrafficSize(REQUESTS);
    const audit = await crashAudit(world, REQUESTS);
    console.log(
      `scale-out (issue 9): killed one of 2 replicas at ${atKill}/${REQUESTS} predictions (it had handled batches of ${doomedPartitions.size} partitions); ` +
        `the survivor drained in ${Date.now() - started} ms; ${audit.prediction_rows} prediction rows, ${audit.outcome_rows} outcome rows, ${audit.extraRows} extra`,
    );
    expect(audit).toEqual({
      prediction_rows: size.predictions, outcome_rows: size.outcomes, missing_predictions: 0, missing_outcomes: 0, rollup_predictions: size.predictions, extraRows: 0,
    });
    const duplicated = await world.db.query(
      `SELECT count(*)::int AS n FROM (SELECT request_id FROM prediction_events WHERE model = $1 AND NOT shadow GROUP BY request_id HAVING count(*) > 1) d`,
      [world.model],
    );
    expect(duplicated.rows[0].n).toBe(0);
    const stored = await storedRollups(world);
    expect(stored.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual(await recountedRollups(world));
    // The survivor took over: every partition the killed replica left unfinished is now handled by the survivor.
    const survivorPartitions = await partitionsOf(survivor!);
    const unfinished = [...doomedPartitions].filter(([, lag]) => lag > 0).map(([partition]) => partition);
    expect(unfinished.length).toBeGreaterThan(0);
    expect(unfinished.filter((p) => !survivorPartitions.has(p))).toEqual([]);
    const letters = await deadLetters(world, size.malformed);
    expect(new Set(letters.map((l) => l.value))).toEqual(new Set(Array.from({ length: size.malformed }, (_, k) => malformedMessage(world, k).toString('latin1'))));
  });
});
