import type { OutcomeEvent } from '@modelgate/contracts';
import type { DeployedPrediction, ResolvedPrediction } from '../batch/classify-events';
import type { JoinedPair } from '../rollups/compute-rollups';
import type { SqlExecutor } from './event-batch.writer';
import { occurredSpan, SKEW_MS } from './occurred-span';

// A pair is completed by whichever of its two events arrives last. New predictions meet every
// stored outcome of their requests (this batch's included); new outcomes meet only the predictions
// stored before this batch, so that a pair whose both halves are new is counted once. An outcome
// follows its prediction: a new prediction's outcomes are looked up from a day (SKEW_MS) before it
// on, which reads the recent days' partitions only. Nothing is stored a day past now (ingest refuses
// it): the bound skips the partitions created ahead.
const OUTCOMES_OF_REQUESTS_SQL = `
  SELECT request_id, event_id, label, value, occurred_at::text AS occurred_at_exact FROM outcome_events
  WHERE request_id = ANY($1::text[]) AND occurred_at >= $2::timestamptz AND occurred_at < now() + interval '1 day'`;

// A new outcome's prediction may be as old as the retention, but is nearly always recent; each day's
// request index is far larger than the server's cache, so a lookup in every partition reads from
// disk. Hence two reads: the recent partitions (from $2 on), then the older ones only for the
// requests the first did not settle.
const STORED_PREDICTIONS_OF_REQUESTS_SQL = `
  SELECT request_id, event_id, deployment_id, variant, model, version, occurred_at, occurred_at::text AS occurred_at_exact, label FROM prediction_events
  WHERE request_id = ANY($1::text[]) AND NOT (event_id = ANY($3::uuid[]))`;
const RECENT_SQL = `${STORED_PREDICTIONS_OF_REQUESTS_SQL} AND occurred_at >= $2::timestamptz AND occurred_at < now() + interval '1 day'`;
const OLDER_SQL = `${STORED_PREDICTIONS_OF_REQUESTS_SQL} AND occurred_at < $2::timestamptz`;

/** A stored outcome (this batch's included) of a new prediction's request. */
export interface StoredOutcome {
  request_id: string;
  event_id: string;
  label: string | null;
  value: number | null;
  /** occurred_at to the microsecond, as timestamptz text for this session. */
  occurred_at_exact: string;
}

/** A prediction stored before the batch, of a new outcome's request (what the pairs of both kinds need). */
export interface StoredPrediction {
  request_id: string;
  event_id: string;
  deployment_id: string | null;
  variant: string | null;
  model: string;
  version: string;
  occurred_at: Date;
  /** occurred_at to the microsecond (a Date keeps milliseconds), as timestamptz text for this session. */
  occurred_at_exact: string;
  label: string | null;
}

/** The new outcomes' request ids, and where their recent partitions start. */
function requestsOf(outcomes: readonly OutcomeEvent[]): { requestIds: string[]; recentFrom: string } {
  // Two days before the outcomes: a prediction found a day or more after the bound settles its
  // request, as the request's other predictions are within a day (SKEW_MS) of it.
  return { requestIds: [...new Set(outcomes.map((o) => o.requestId))], recentFrom: occurredSpan(outcomes, 2 * SKEW_MS)[0] };
}

/**
 * The predictions stored before this batch of the new outcomes' requests that are timestamped before
 * `stableBefore`, by request id: those in the recent partitions, and those in the older ones for the
 * requests the recent partitions do not settle. Read before the join lock, holding the late lock:
 * no other batch writes such predictions meanwhile (see LATE_LOCK_KEY in event-batch.writer).
 */
export async function stablePredictionsOf(
  db: SqlExecutor,
  outcomes: readonly OutcomeEvent[],
  newPredictionIds: readonly string[],
  stableBefore: string,
): Promise<Map<string, StoredPrediction[]>> {
  if (outcomes.length === 0) return new Map();
  const { requestIds, recentFrom } = requestsOf(outcomes);
  const recent = (await db.query(RECENT_SQL, [requestIds, recentFrom, newPredictionIds])) as StoredPrediction[];
  const settledFrom = Date.parse(recentFrom) + SKEW_MS;
  const settled = new Set(recent.filter((p) => p.occurred_at.getTime() >= settledFrom).map((p) => p.request_id));
  const unsettled = requestIds.filter((id) => !settled.has(id));
  const stableAt = Date.parse(stableBefore);
  const stable = recent.filter((p) => p.occurred_at.getTime() < stableAt);
  if (unsettled.length > 0) stable.push(...((await db.query(OLDER_SQL, [unsettled, recentFrom, newPredictionIds])) as StoredPrediction[]));
  return groupBy(stable);
}

/**
 * The predictions stored before this batch of the new outcomes' requests, by request id: the `stable`
 * ones (stablePredictionsOf) and those from `stableBefore` on, read under the join lock. Read once
 * for the deployment pairs (joinPairs) and the labelled pairs (writeVersionAggregates).
 */
export async function storedPredictionsOf(
  db: SqlExecutor,
  outcomes: readonly OutcomeEvent[],
  newPredictionIds: readonly string[],
  stable: ReadonlyMap<string, readonly StoredPrediction[]>,
  stableBefore: string,
): Promise<Map<string, StoredPrediction[]>> {
  if (outcomes.length === 0) return new Map();
  const { requestIds, recentFrom } = requestsOf(outcomes);
  const from = recentFrom === '-infinity' || Date.parse(recentFrom) < Date.parse(stableBefore) ? stableBefore : recentFrom;
  const stored = groupBy((await db.query(RECENT_SQL, [requestIds, from, newPredictionIds])) as StoredPrediction[]);
  for (const [requestId, rows] of stable) stored.set(requestId, [...(stored.get(requestId) ?? []), ...rows]);
  return stored;
}

/**
 * The outcomes stored so far (this batch's new ones included) of the new predictions' requests, by
 * request id: read once for the deployment pairs (joinPairs) and the labelled pairs (writeVersionAggregates).
 */
export async function storedOutcomesOf(
  db: SqlExecutor,
  predictions: readonly ResolvedPrediction[],
): Promise<Map<string, StoredOutcome[]>> {
  if (predictions.length === 0) return new Map();
  const requestIds = [...new Set(predictions.map((p) => p.event.requestId))];
  const [since] = occurredSpan(predictions.map((p) => p.event), SKEW_MS);
  return groupBy((await db.query(OUTCOMES_OF_REQUESTS_SQL, [requestIds, since])) as StoredOutcome[]);
}

/**
 * The prediction-outcome pairs a batch completes, joined in memory by request id, given the batch's
 * newly inserted predictions and outcomes, the stored outcomes of the predictions' requests and the
 * predictions stored before the batch of the outcomes' requests (read under the ingest join lock, see
 * event-batch.writer).
 */
export function joinPairs(
  predictions: readonly DeployedPrediction[],
  outcomes: readonly OutcomeEvent[],
  storedOutcomes: ReadonlyMap<string, readonly StoredOutcome[]>,
  storedPredictions: ReadonlyMap<string, readonly StoredPrediction[]>,
): JoinedPair[] {
  const pairs: JoinedPair[] = [];
  for (const { event, deploymentId, variant } of predictions) {
    for (const outcome of storedOutcomes.get(event.requestId) ?? []) {
      pairs.push({ deploymentId, variant, predictedAt: new Date(event.timestamp), predictedLabel: event.prediction?.label ?? null, trueLabel: outcome.label, value: outcome.value });
    }
  }
  for (const outcome of outcomes) {
    for (const prediction of storedPredictions.get(outcome.requestId) ?? []) {
      if (prediction.deployment_id === null || prediction.variant === null) continue;
      pairs.push({
        deploymentId: prediction.deployment_id,
        variant: prediction.variant,
        predictedAt: prediction.occurred_at,
        predictedLabel: prediction.label,
        trueLabel: outcome.label ?? null,
        value: outcome.value ?? null,
      });
    }
  }
  return pairs;
}

function groupBy<R extends { request_id: string }>(rows: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.request_id);
    if (group) group.push(row);
    else groups.set(row.request_id, [row]);
  }
  return groups;
}
