import { categoryBin, latencyBin, numericBin, PREDICTED_LABEL_SKETCH } from '@modelgate/contracts';
import type { DeployedPrediction } from '../batch/classify-events';

/** A prediction and an outcome of the same request, joined once, when the later of the two arrived. */
export interface JoinedPair {
  deploymentId: string;
  variant: string;
  /** The prediction's time: accuracy is attributed to the window the prediction was made in. */
  predictedAt: Date;
  predictedLabel: string | null;
  trueLabel: string | null;
  value: number | null;
}

/** What one batch adds to one `rollups` row (deployment, variant, bucket). Added, never replaced. */
export interface RollupDelta {
  deploymentId: string;
  variant: string;
  bucketStart: Date;
  predictions: number;
  errors: number;
  shadowPredictions: number;
  latencySum: number;
  latencyHistogram: Record<string, number>;
  outcomes: number;
  outcomeValues: number;
  outcomeSum: number;
  outcomeSumSquares: number;
  correct: number;
  incorrect: number;
  featureSketches: Record<string, Record<string, number>>;
}

/**
 * Folds the newly inserted predictions and newly completed joins of one batch into rollup deltas,
 * one per deployment, variant and time bucket (`floor(t / bucketMs) · bucketMs`), sorted by that key
 * so that concurrent writers lock rows in the same order. Sizes depend on buckets and bins only.
 */
export function computeRollups(
  predictions: ReadonlyArray<Pick<DeployedPrediction, 'event' | 'deploymentId' | 'variant'>>,
  pairs: readonly JoinedPair[],
  bucketMs: number,
): RollupDelta[] {
  const rows = new Map<string, RollupDelta>();
  const row = (deploymentId: string, variant: string, atMs: number): RollupDelta => {
    const bucket = Math.floor(atMs / bucketMs) * bucketMs;
    // Zero-padded so that the string order of keys is the time order (sorted below).
    const key = `${deploymentId}\u0000${variant}\u0000${String(bucket).padStart(16, '0')}`;
    let delta = rows.get(key);
    if (delta === undefined) {
      delta = emptyDelta(deploymentId, variant, new Date(bucket));
      rows.set(key, delta);
    }
    return delta;
  };

  for (const { event, deploymentId, variant } of predictions) {
    const delta = row(deploymentId, variant, Date.parse(event.timestamp));
    delta.predictions += 1;
    if (event.error !== undefined) delta.errors += 1;
    if (event.shadow) delta.shadowPredictions += 1;
    delta.latencySum += event.latencyMs;
    increment(delta.latencyHistogram, latencyBin(event.latencyMs));
    for (const feature in event.features) {
      const value = event.features[feature]!;
      const sketch = (delta.featureSketches[feature] ??= counts());
      increment(sketch, typeof value === 'number' ? numericBin(value) : categoryBin(value));
    }
    if (event.prediction !== undefined) {
      increment((delta.featureSketches[PREDICTED_LABEL_SKETCH] ??= counts()), categoryBin(event.prediction.label));
    }
  }

  for (const pair of pairs) {
    const delta = row(pair.deploymentId, pair.variant, pair.predictedAt.getTime());
    delta.outcomes += 1;
    if (pair.value !== null) {
      delta.outcomeValues += 1;
      delta.outcomeSum += pair.value;
      delta.outcomeSumSquares += pair.value * pair.value;
    }
    if (pair.trueLabel !== null && pair.predictedLabel !== null) {
      if (pair.trueLabel === pair.predictedLabel) delta.correct += 1;
      else delta.incorrect += 1;
    }
  }

  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
}

function emptyDelta(deploymentId: string, variant: string, bucketStart: Date): RollupDelta {
  return {
    deploymentId,
    variant,
    bucketStart,
    predictions: 0,
    errors: 0,
    shadowPredictions: 0,
    latencySum: 0,
    latencyHistogram: counts(),
    outcomes: 0,
    outcomeValues: 0,
    outcomeSum: 0,
    outcomeSumSquares: 0,
    correct: 0,
    incorrect: 0,
    featureSketches: Object.create(null) as RollupDelta['featureSketches'],
  };
}

/** A prototype-less map: a feature or category named `__proto__` is just a key. */
function counts(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
