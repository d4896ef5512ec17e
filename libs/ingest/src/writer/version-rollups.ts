import type { OutcomeEvent } from '@modelgate/contracts';
import type { DeployedPrediction, ResolvedPrediction } from '../batch/classify-events';
import { computeRollups } from '../rollups/compute-rollups';
import type { SqlExecutor } from './event-batch.writer';
import type { StoredPrediction } from './join-pairs';
import { occurredSpan, SKEW_MS } from './occurred-span';

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
// to seq n never sees a smaller seq commit later. The pairs a new outcome completes come from memory
// (the predictions joinPairs read, see storedPredictionsOf): its prediction may be in any day's partition.
const INSERT_LABELLED_PAIRS_SQL = `
  INSERT INTO labelled_pairs (model, version, error, predicted_at)
  SELECT model, version, error, predicted_at FROM (
    SELECT p.model, p.version, p.label <> o.label AS error, p.occurred_at AS predicted_at, o.occurred_at AS outcome_at, o.event_id AS o_id, p.event_id AS p_id
    FROM prediction_events p JOIN outcome_events o
      ON o.request_id = p.request_id AND o.occurred_at >= $4::timestamptz AND o.occurred_at < now() + interval '1 day'
    WHERE p.event_id = ANY($1::uuid[]) AND p.occurred_at >= $2::timestamptz AND p.occurred_at < $3::timestamptz AND p.label IS NOT NULL AND o.label IS NOT NULL
    UNION ALL
    SELECT * FROM unnest($5::text[], $6::text[], $7::bool[], $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::uuid[])
  ) AS pairs
  ORDER BY outcome_at, o_id, p_id`;

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
  if (predictions.length + newOutcomes.length > 0) {
    // The spans of the new events' timestamps: their lookups by id read only their days' partitions; a
    // new prediction's outcomes are looked up from a day before it on (an outcome follows its prediction),
    // and nothing is stored a day past now (the partitions created ahead are skipped).
    const completed = newOutcomes.flatMap((o) =>
      o.label === undefined || o.label === null ? [] : (storedPredictions.get(o.requestId) ?? []).filter((p) => p.label !== null).map((p) => ({ o, p })),
    );
    const column = <T>(pick: (pair: (typeof completed)[number]) => T) => completed.map(pick);
    await db.query(INSERT_LABELLED_PAIRS_SQL, [
      predictions.map((p) => p.event.eventId),
      ...occurredSpan(predictions.map((p) => p.event)),
      occurredSpan(predictions.map((p) => p.event), SKEW_MS)[0],
      column(({ p }) => p.model),
      column(({ p }) => p.version),
      column(({ o, p }) => p.label !== o.label),
      column(({ p }) => p.occurred_at_exact),
      column(({ o }) => o.timestamp),
      column(({ o }) => o.eventId),
      column(({ p }) => p.event_id),
    ]);
  }
}
