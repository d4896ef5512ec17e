import type { OutcomeEvent } from '@modelgate/contracts';
import type { DeployedPrediction, ResolvedPrediction } from '../batch/classify-events';
import { computeRollups } from '../rollups/compute-rollups';
import type { SqlExecutor } from './event-batch.writer';
import type { StoredOutcome, StoredPrediction } from './join-pairs';

export const inDeployment = (p: ResolvedPrediction): p is DeployedPrediction => p.deploymentId !== null;

const UPSERT_VERSION_ROLLUPS_SQL = `
  INSERT INTO version_rollups AS r (model, version, bucket_start, predictions, feature_sketches)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int8[], $5::jsonb[])
  ON CONFLICT (model, version, bucket_start) DO UPDATE SET
    predictions = r.predictions + excluded.predictions,
    feature_sketches = modelgate_sum_sketches(r.feature_sketches, excluded.feature_sketches)`;

// A pair is completed by whichever half arrives last (as in join-pairs.ts), but for every version,
// in a deployment or not, and only when both carry a label. Ordered so the stream is the same
// however the batch was assembled; the identity column then fixes the join order for good. Written
// under the ingest join lock (held to commit), so seq order is commit order: a tick that read up
// to seq n never sees a smaller seq commit later. Both halves' partners come from memory, as read
// once for the deployment pairs (storedOutcomesOf, storedPredictionsOf): no second lookup.
const INSERT_LABELLED_PAIRS_SQL = `
  INSERT INTO labelled_pairs (model, version, error, predicted_at)
  SELECT model, version, error, predicted_at
  FROM unnest($1::text[], $2::text[], $3::bool[], $4::timestamptz[], $5::timestamptz[], $6::uuid[], $7::uuid[])
    AS pairs(model, version, error, predicted_at, outcome_at, o_id, p_id)
  ORDER BY outcome_at, o_id, p_id`;

interface LabelledPair {
  model: string;
  version: string;
  /** The predicted label differs from the true one. */
  error: boolean;
  /** timestamptz text, to the microsecond. */
  predictedAt: string;
  outcomeAt: string;
  outcomeId: string;
  predictionId: string;
}

/**
 * The per-version aggregates of a batch, in its transaction (called under the join lock): the
 * feature and predicted-label sketches per (model, version, bucket), and the labelled pairs the
 * batch completes, appended to the versions' error streams. Only newly inserted events count,
 * so a replay changes nothing.
 */
export async function writeVersionAggregates(
  db: SqlExecutor,
  predictions: readonly ResolvedPrediction[],
  newOutcomes: readonly OutcomeEvent[],
  storedOutcomes: ReadonlyMap<string, readonly StoredOutcome[]>,
  storedPredictions: ReadonlyMap<string, readonly StoredPrediction[]>,
  bucketMs: number,
): Promise<void> {
  // The deployment rollup's binning, keyed by model and version instead of deployment and variant.
  const byVersion = computeRollups(predictions.map((p) => ({ event: p.event, deploymentId: p.event.model, variant: p.event.version })), [], bucketMs);
  if (byVersion.length > 0) {
    await db.query(UPSERT_VERSION_ROLLUPS_SQL, [
      byVersion.map((d) => d.deploymentId),
      byVersion.map((d) => d.variant),
      byVersion.map((d) => d.bucketStart.toISOString()),
      byVersion.map((d) => d.predictions),
      byVersion.map((d) => JSON.stringify(d.featureSketches)),
    ]);
  }
  const pairs: LabelledPair[] = [];
  for (const { event } of predictions) {
    const predictedLabel = event.prediction?.label;
    if (predictedLabel === undefined || predictedLabel === null) continue;
    for (const o of storedOutcomes.get(event.requestId) ?? []) {
      if (o.label === null) continue;
      pairs.push({ model: event.model, version: event.version, error: predictedLabel !== o.label, predictedAt: event.timestamp, outcomeAt: o.occurred_at_exact, outcomeId: o.event_id, predictionId: event.eventId });
    }
  }
  for (const o of newOutcomes) {
    if (o.label === undefined || o.label === null) continue;
    for (const p of storedPredictions.get(o.requestId) ?? []) {
      if (p.label === null) continue;
      pairs.push({ model: p.model, version: p.version, error: p.label !== o.label, predictedAt: p.occurred_at_exact, outcomeAt: o.timestamp, outcomeId: o.eventId, predictionId: p.event_id });
    }
  }
  if (pairs.length > 0) {
    const column = <T>(pick: (pair: LabelledPair) => T) => pairs.map(pick);
    await db.query(INSERT_LABELLED_PAIRS_SQL, [
      column((p) => p.model),
      column((p) => p.version),
      column((p) => p.error),
      column((p) => p.predictedAt),
      column((p) => p.outcomeAt),
      column((p) => p.outcomeId),
      column((p) => p.predictionId),
    ]);
  }
}
