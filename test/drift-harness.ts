import { randomUUID } from 'node:crypto';
import { type OutcomeEventInput, outcomeExample, type PredictionEventInput, predictionExample } from '@modelgate/contracts';
import { seededNormal, seededUniform } from '../libs/stats/src/testing/seeded-random';
import { asMessages, type IngestWorld, produce } from './ingest-harness';
import { waitFor } from './support/wait';

/** Shares of a categorical value, drawn in order. */
export type Shares = Record<string, number>;
export const FUR: Shares = { cat: 0.45, dog: 0.45, koala: 0.1 };
export const FUR_KOALA_BOOM: Shares = { cat: 0.35, dog: 0.35, koala: 0.3 };
export const REGION: Shares = { AU: 0.5, NZ: 0.3, Pacific: 0.2 };

function draw(u: () => number, shares: Shares): string {
  let x = u();
  const entries = Object.entries(shares);
  for (const [value, share] of entries) if ((x -= share) < 0) return value;
  return entries[entries.length - 1]![0];
}

export interface SampleSpec {
  version: string;
  count: number;
  seed: number;
  /** Events spread evenly over [start, end). */
  start: number;
  end: number;
  brightness: { mean: number; sd: number };
  fur: Shares;
}

/**
 * Seeded animal-classifier predictions with two numeric features (brightness, ear length) and two
 * categorical ones (fur, region); only brightness, fur and the predicted label (drawn with fur's shares) vary
 * with the spec, ear length and region never.
 */
export function predictions(world: IngestWorld, spec: SampleSpec): PredictionEventInput[] {
  const u = seededUniform(spec.seed);
  const z = seededNormal(u);
  return Array.from({ length: spec.count }, (_, i) =>
    predictionExample({
      eventId: randomUUID(),
      model: world.model,
      version: spec.version,
      requestId: `${world.id}-${spec.version}-${spec.seed}-${i}`,
      unitId: `user-${i % 101}`,
      timestamp: new Date(spec.start + ((spec.end - spec.start) * i) / spec.count).toISOString(),
      features: {
        brightness: spec.brightness.mean + spec.brightness.sd * z(),
        ear_length_cm: 5 + z(),
        fur: draw(u, spec.fur),
        region: draw(u, REGION),
      },
      prediction: { label: draw(u, spec.fur) },
      latencyMs: 10,
    }),
  );
}

/**
 * A labelled stream for `version`: pair i is a prediction and its outcome, wrong with probability
 * rate(i); outcomes are timed in order (one a second from `start`), so the join order is i.
 */
export function labelledStream(world: IngestWorld, version: string, seed: number, length: number, rate: (i: number) => number, start: number) {
  const u = seededUniform(seed);
  const preds: PredictionEventInput[] = [];
  const outcomes: OutcomeEventInput[] = [];
  const errors: number[] = [];
  for (let i = 0; i < length; i += 1) {
    const requestId = `${world.id}-${version}-pair-${i}`;
    const wrong = u() < rate(i);
    errors.push(wrong ? 1 : 0);
    const at = new Date(start + i * 1000).toISOString();
    preds.push(predictionExample({ eventId: randomUUID(), model: world.model, version, requestId, timestamp: at, features: { brightness: 120 }, prediction: { label: 'koala' }, latencyMs: 5 }));
    outcomes.push(outcomeExample({ eventId: randomUUID(), requestId, timestamp: at, label: wrong ? 'cat' : 'koala' }));
  }
  return { preds, outcomes, errors };
}

/** Sends predictions, waits until they are stored, then sends their outcomes in order (one partition). */
export async function sendPairs(world: IngestWorld, version: string, stream: { preds: PredictionEventInput[]; outcomes: OutcomeEventInput[] }, pairsBefore = 0): Promise<void> {
  await produce(world, world.topics.predictions, asMessages(stream.preds));
  await waitForPredictions(world, version, pairsBefore + stream.preds.length);
  await produce(world, world.topics.outcomes, asMessages(stream.outcomes));
  await waitFor(
    `${pairsBefore + stream.outcomes.length} labelled pairs of ${version}`,
    async () => {
      const { rows } = await world.db.query(`SELECT count(*)::int AS n FROM labelled_pairs WHERE model = $1 AND version = $2`, [world.model, version]);
      return rows[0].n >= pairsBefore + stream.outcomes.length ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
}

/** Waits until the version rollups of `version` count `count` predictions. */
export async function waitForPredictions(world: IngestWorld, version: string, count: number): Promise<void> {
  await waitFor(
    `${count} predictions of ${version} in version_rollups`,
    async () => {
      const { rows } = await world.db.query(`SELECT coalesce(sum(predictions), 0)::int AS n FROM version_rollups WHERE model = $1 AND version = $2`, [world.model, version]);
      return rows[0].n >= count ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
}
