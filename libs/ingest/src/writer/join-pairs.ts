import type { OutcomeEvent } from '@modelgate/contracts';
import type { DeployedPrediction } from '../batch/classify-events';
import type { JoinedPair } from '../rollups/compute-rollups';
import type { SqlExecutor } from './event-batch.writer';
import { occurredSpan, SKEW_MS } from './occurred-span';

// A pair is completed by whichever of its two events arrives last. New predictions meet every
// stored outcome of their requests (this batch's included); new outcomes meet only the predictions
// stored before this batch, so that a pair whose both halves are new is counted once. An outcome
// follows its prediction: a new prediction's outcomes are looked up from a day (SKEW_MS) before it
// on, which reads the recent days' partitions only. A new outcome's prediction may be as old as
// the retention: that lookup reads every partition. Nothing is stored a day past now (ingest refuses
// it): the bound skips the partitions created ahead.
const OUTCOMES_OF_REQUESTS_SQL = `
  SELECT request_id, label, value FROM outcome_events
  WHERE request_id = ANY($1::text[]) AND occurred_at >= $2::timestamptz AND occurred_at < now() + interval '1 day'`;

const EARLIER_PREDICTIONS_OF_REQUESTS_SQL = `
  SELECT request_id, deployment_id, variant, occurred_at, label FROM prediction_events
  WHERE request_id = ANY($1::text[]) AND occurred_at < now() + interval '1 day' AND deployment_id IS NOT NULL AND NOT (event_id = ANY($2::uuid[]))`;

interface OutcomeRow {
  request_id: string;
  label: string | null;
  value: number | null;
}

interface PredictionRow {
  request_id: string;
  deployment_id: string;
  variant: string;
  occurred_at: Date;
  label: string | null;
}

/**
 * The prediction-outcome pairs a batch completes, joined in memory by request id, given the batch's
 * newly inserted predictions and outcomes (called under the ingest join lock, see event-batch.writer).
 */
export async function joinPairs(db: SqlExecutor, predictions: readonly DeployedPrediction[], outcomes: readonly OutcomeEvent[]): Promise<JoinedPair[]> {
  const pairs: JoinedPair[] = [];
  if (predictions.length > 0) {
    const requestIds = [...new Set(predictions.map((p) => p.event.requestId))];
    const [since] = occurredSpan(predictions.map((p) => p.event), SKEW_MS);
    const stored = groupBy((await db.query(OUTCOMES_OF_REQUESTS_SQL, [requestIds, since])) as OutcomeRow[]);
    for (const { event, deploymentId, variant } of predictions) {
      for (const outcome of stored.get(event.requestId) ?? []) {
        pairs.push({ deploymentId, variant, predictedAt: new Date(event.timestamp), predictedLabel: event.prediction?.label ?? null, trueLabel: outcome.label, value: outcome.value });
      }
    }
  }
  if (outcomes.length > 0) {
    const requestIds = [...new Set(outcomes.map((o) => o.requestId))];
    const newPredictionIds = predictions.map((p) => p.event.eventId);
    const stored = groupBy((await db.query(EARLIER_PREDICTIONS_OF_REQUESTS_SQL, [requestIds, newPredictionIds])) as PredictionRow[]);
    for (const outcome of outcomes) {
      for (const prediction of stored.get(outcome.requestId) ?? []) {
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
