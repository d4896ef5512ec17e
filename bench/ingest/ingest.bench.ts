/**
 * bench/ingest: end-to-end events/s of apps/ingest for BENCH_EVENTS (default 1 000 000) prediction
 * events, next to three references measured in the same run on the same messages: raw kafkajs
 * consumption of the topic (no processing), a raw PostgreSQL COPY of the same rows into
 * prediction_events, and the minimal correct pipeline: a consumer group that COPYs each batch into
 * prediction_events (no validation, rollups or joins) and commits its offsets only after PostgreSQL
 * committed: the least any Kafka → PostgreSQL ingester with our guarantees does on these cores.
 * Target: ingest ≥ 0.8 × the minimal pipeline, rows exact. Also the peak heap of apps/ingest (bounded
 * by INGEST_MAX_BYTES_PER_PARTITION × partitions, not by the topic's size) and the machine's load.
 * Run: `npm run bench:ingest` (the stack up, the test database migrated: `npm run test:e2e` does both).
 * BENCH_INGEST_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to apps/ingest's node only.
 */
import { once } from 'node:events';
import { Kafka, logLevel } from 'kafkajs';
import { from as copyFrom } from 'pg-copy-streams';
import { copyField } from '@modelgate/ingest';
import type { PredictionEventInput } from '@modelgate/contracts';
import { drained, type IngestWorld, ingestWorld, trafficEvent } from '../../test/ingest-harness';
import { TEST_KAFKA_BROKERS } from '../../test/support/test-env';
import { waitFor } from '../../test/support/wait';
import { sampleHeap, spawnIngest } from './spawn-ingest';
import { machineLoad } from '../support/machine';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 3);
/** apps/ingest's INGEST_MAX_BYTES_PER_PARTITION (its default unless set), used by the consumer references too. */
const MAX_BYTES_PER_PARTITION = Number(process.env.INGEST_MAX_BYTES_PER_PARTITION ?? 2_097_152);
const COPY_SQL = `COPY prediction_events (event_id, deployment_id, variant, model, version, unit_id, request_id, occurred_at, features, label, scores, latency_ms, error, shadow) FROM STDIN`;

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
  const consumer = kafka.consumer({ groupId: `bench-raw-${world.id}`, maxBytesPerPartition: MAX_BYTES_PER_PARTITION });
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
  const twin = twinOf(world, 'copy');
  const client = await world.db.connect();
  try {
    const started = performance.now();
    const stream = client.query(copyFrom(COPY_SQL));
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

/** A twin of the world under another model name and ids (its rows never collide with the world's). */
function twinOf(world: IngestWorld, suffix: string): IngestWorld {
  const id = world.id.split('').reverse().join('');
  return { ...world, id: suffix === 'copy' ? id : id.replace(/^./, (c) => (c === 'f' ? '0' : 'f')), model: `${world.model}-${suffix}` };
}

/**
 * Reference 3: the minimal correct pipeline. A kafkajs consumer group (its own group id) that parses
 * each message (no validation), COPYs the batch into prediction_events in one transaction, and
 * commits the batch's offsets only after PostgreSQL committed (a crash replays, never skips). The
 * rows go under another model name and ids (the twin's), deleted and vacuumed right after.
 */
async function minimalPipeline(world: IngestWorld, count: number): Promise<{ rate: number; rows: number }> {
  const twin = twinOf(world, 'pipeline');
  const kafka = new Kafka({ clientId: `bench-pipeline-${world.id}`, brokers: TEST_KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-pipeline-${world.id}`, maxBytesPerPartition: MAX_BYTES_PER_PARTITION });
  const client = await world.db.connect();
  let committed = 0;
  try {
    const started = performance.now();
    await consumer.connect();
    await consumer.subscribe({ topics: [world.topics.predictions], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        const lines: string[] = [];
        for (const message of batch.messages) {
          const p = JSON.parse(message.value!.toString()) as PredictionEventInput;
          const variant = p.version === 'v1' ? 'baseline' : 'candidate';
          const scores = p.prediction?.scores ? JSON.stringify(p.prediction.scores) : null;
          lines.push([twin.id + p.eventId.slice(8), world.deploymentId, variant, twin.model, p.version, p.unitId, p.requestId, p.timestamp,
            JSON.stringify(p.features), p.prediction?.label, scores, p.latencyMs, p.error?.code, p.shadow ?? false].map(copyField).join('\t'));
        }
        await client.query('BEGIN');
        const stream = client.query(copyFrom(COPY_SQL));
        stream.end(`${lines.join('\n')}\n`);
        await once(stream, 'finish');
        await client.query('COMMIT');
        const last = batch.messages[batch.messages.length - 1]!.offset;
        resolveOffset(last);
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        committed += batch.messages.length;
      },
    });
    await waitFor('the minimal pipeline to commit every message', () => (committed >= count ? true : undefined), { timeoutMs: 1_800_000, intervalMs: 20 });
    const seconds = (performance.now() - started) / 1000;
    await consumer.disconnect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM prediction_events WHERE model = $1', [twin.model]);
    return { rate: count / seconds, rows: rows[0].n };
  } finally {
    await client.query('DELETE FROM prediction_events WHERE model = $1', [twin.model]);
    await client.query('VACUUM prediction_events');
    client.release();
  }
}

/** The project: the built apps/ingest, from healthy to every offset committed. */
async function ingestRate(world: IngestWorld, count: number): Promise<{ rate: number; peakHeapBytes: number; rows: number }> {
  const ingest = await spawnIngest(world.env, process.env.BENCH_INGEST_NODE_ARGS?.split(' ').filter(Boolean));
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
    const pipeline = await minimalPipeline(world, EVENTS);
    const project = await ingestRate(world, EVENTS);
    const ratio = project.rate / pipeline.rate;
    const exact = project.rows === EVENTS && pipeline.rows === EVENTS;
    const fmt = (rate: number) => `${Math.round(rate).toLocaleString('en-US')}/s`.padStart(12);
    console.log(`raw kafkajs consume (reference)   ${fmt(consumeRate)}`);
    console.log(`raw PostgreSQL COPY (reference)   ${fmt(copyRate)}`);
    console.log(`minimal pipeline (reference)      ${fmt(pipeline.rate)}   rows written: ${pipeline.rows}`);
    console.log(`modelgate ingest (end to end)     ${fmt(project.rate)}   rows written: ${project.rows} (expected ${EVENTS}) ${exact ? 'exact' : 'WRONG'}`);
    console.log(`modelgate / minimal pipeline:     ${ratio.toFixed(2)} (target >= 0.80) ${ratio >= 0.8 && exact ? 'PASS' : 'FAIL'}`);
    console.log(`modelgate / slower raw reference: ${(project.rate / Math.min(consumeRate, copyRate)).toFixed(2)}`);
    console.log(`peak heap of apps/ingest:         ${(project.peakHeapBytes / 2 ** 20).toFixed(1)} MiB (INGEST_MAX_BYTES_PER_PARTITION ${MAX_BYTES_PER_PARTITION} × ${PARTITIONS} partitions)`);
    console.log(machineLoad());
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
