/**
 * bench/ingest: end-to-end events/s of apps/ingest for BENCH_EVENTS (default 1 000 000) prediction
 * events, next to two references measured in the same run on the same data: raw kafkajs consumption
 * of the topic (no processing) and a raw PostgreSQL COPY of the same rows into prediction_events.
 * Target: ingest ≥ 0.5 × the slower reference. Also the peak heap.
 * Run: `npm run bench:ingest` (the stack up, the test database migrated: `npm run test:e2e` does both).
 */
import { once } from 'node:events';
import { Kafka, logLevel } from 'kafkajs';
import { from as copyFrom } from 'pg-copy-streams';
import { copyField } from '@modelgate/ingest';
import { drained, type IngestWorld, ingestWorld, trafficEvent } from '../../test/ingest-harness';
import { TEST_KAFKA_BROKERS } from '../../test/support/test-env';
import { waitFor } from '../../test/support/wait';
import { sampleHeap, spawnIngest } from './spawn-ingest';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 3);

/** Produces request 0..count-1 of the bench traffic, four requests of 2 500 in flight. */
async function producePredictions(world: IngestWorld, count: number): Promise<void> {
  const chunk = 2_500;
  const sends: Array<Promise<void>> = [];
  for (let start = 0; start < count; start += chunk) {
    const messages = [];
    for (let i = start; i < Math.min(count, start + chunk); i += 1) {
      const { prediction } = trafficEvent(world, i);
      messages.push({ key: prediction.requestId, value: JSON.stringify(prediction) });
    }
    sends.push(world.producer.send(world.topics.predictions, messages));
    if (sends.length === 4) await sends.shift();
  }
  await Promise.all(sends);
}

/** Reference 1: a kafkajs consumer group that only counts messages. */
async function rawConsume(world: IngestWorld, count: number): Promise<number> {
  const kafka = new Kafka({ clientId: `bench-raw-${world.id}`, brokers: TEST_KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${world.id}`, maxBytesPerPartition: 1_048_576 });
  let seen = 0;
  const started = performance.now();
  await consumer.connect();
  await consumer.subscribe({ topics: [world.topics.predictions], fromBeginning: true });
  await consumer.run({ eachBatch: async ({ batch }) => void (seen += batch.messages.length) });
  await waitFor('raw consumption of every message', () => (seen >= count ? true : undefined), { timeoutMs: 600_000, intervalMs: 20 });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return count / seconds;
}

/**
 * Reference 2: COPY of the same rows into prediction_events itself (same indexes, same size as the
 * project writes into), under another model name and ids; they are deleted and vacuumed right after.
 */
async function rawCopy(world: IngestWorld, count: number): Promise<number> {
  const twin = { ...world, id: world.id.split('').reverse().join(''), model: `${world.model}-copy` };
  const client = await world.db.connect();
  try {
    const started = performance.now();
    const stream = client.query(copyFrom(
      `COPY prediction_events (event_id, deployment_id, variant, model, version, unit_id, request_id, occurred_at, features, label, scores, latency_ms, error, shadow) FROM STDIN`,
    ));
    const done = once(stream, 'finish');
    for (let start = 0; start < count; start += 1_000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(count, start + 1_000); i += 1) {
        const { prediction: p } = trafficEvent(twin, i);
        const variant = p.version === 'v1' ? 'baseline' : 'candidate';
        const scores = p.prediction?.scores ? JSON.stringify(p.prediction.scores) : null;
        lines.push([p.eventId, world.deploymentId, variant, p.model, p.version, p.unitId, p.requestId, p.timestamp, JSON.stringify(p.features),
          p.prediction?.label, scores, p.latencyMs, p.error?.code, p.shadow ?? false].map(copyField).join('\t'));
      }
      if (!stream.write(`${lines.join('\n')}\n`)) await once(stream, 'drain');
    }
    stream.end();
    await done;
    return count / ((performance.now() - started) / 1000);
  } finally {
    await client.query('DELETE FROM prediction_events WHERE model = $1', [twin.model]);
    await client.query('VACUUM prediction_events');
    client.release();
  }
}

/** The project: the built apps/ingest, from healthy to every offset committed. */
async function ingestRate(world: IngestWorld, count: number): Promise<{ rate: number; peakHeapBytes: number; rows: number }> {
  const ingest = await spawnIngest(world.env);
  const heap = sampleHeap(ingest.url);
  const started = performance.now();
  await drained(world, 1_800_000);
  const seconds = (performance.now() - started) / 1000;
  const peakHeapBytes = heap.stop();
  await ingest.kill('SIGTERM');
  const { rows } = await world.db.query('SELECT count(*)::int AS n FROM prediction_events WHERE model = $1', [world.model]);
  return { rate: count / seconds, peakHeapBytes, rows: rows[0].n };
}

async function main(): Promise<void> {
  const world = await ingestWorld(PARTITIONS);
  try {
    console.log(`bench/ingest: ${EVENTS} prediction events, ${PARTITIONS} partitions, topic ${world.topics.predictions}`);
    await producePredictions(world, EVENTS);
    const consumeRate = await rawConsume(world, EVENTS);
    const copyRate = await rawCopy(world, EVENTS);
    const project = await ingestRate(world, EVENTS);
    const slower = Math.min(consumeRate, copyRate);
    const fmt = (rate: number) => `${Math.round(rate).toLocaleString('en-US')}/s`.padStart(12);
    console.log(`raw kafkajs consume (reference) ${fmt(consumeRate)}`);
    console.log(`raw PostgreSQL COPY (reference) ${fmt(copyRate)}`);
    console.log(`modelgate ingest (end to end)   ${fmt(project.rate)}   rows written: ${project.rows}`);
    console.log(`ratio to the slower reference:  ${(project.rate / slower).toFixed(2)} (target >= 0.50) ${project.rate / slower >= 0.5 ? 'PASS' : 'FAIL'}`);
    console.log(`peak heap of apps/ingest:       ${(project.peakHeapBytes / 2 ** 20).toFixed(1)} MiB`);
  } finally {
    await world.db.query('DELETE FROM prediction_events WHERE model = $1', [world.model]);
    await world.db.query('DELETE FROM deployments WHERE id = $1', [world.deploymentId]);
    await world.db.query('VACUUM prediction_events'); // the next run starts from the same table state
    const admin = world.kafka.admin();
    await admin.deleteTopics(Object.values(world.topics)).catch(() => undefined);
    await admin.close();
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench/ingest failed: ${error instanceof Error ? error.stack : String(error)}`);
  console.error('is the stack up and the test database migrated? (bash scripts/stack.sh up; npm run test:e2e)');
  process.exit(1);
});
