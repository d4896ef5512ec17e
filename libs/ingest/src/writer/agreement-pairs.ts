import type { DeploymentStrategy } from '@modelgate/contracts';
import type { ResolvedPrediction } from '../batch/classify-events';
import type { SqlExecutor } from './event-batch.writer';
import { occurredSpan, SKEW_MS } from './occurred-span';

// A shadow prediction (shadow, and blue/green's green before the switch) and the primary prediction
// of the same request and deployment make one agreement pair, counted by whichever arrives last:
// new shadows meet every stored primary (this batch's included); new primaries meet only the shadows
// stored before this batch, so that a pair whose both halves are new is counted once. Under the
// ingest join lock, so two concurrent batches cannot each miss the other half. Both need a label.
// The two halves are one call: the partner is looked up within a day (SKEW_MS) of the batch's span.
const UPSERT_AGREEMENTS_SQL = `
  WITH pairs AS (
    SELECT s.deployment_id, s.variant, s.occurred_at, s.label = p.label AS agreed
    FROM prediction_events s
    JOIN prediction_events p ON p.request_id = s.request_id AND p.deployment_id = s.deployment_id AND NOT p.shadow
      AND p.occurred_at >= $5::timestamptz AND p.occurred_at < $6::timestamptz
    WHERE s.event_id = ANY($1::uuid[]) AND s.occurred_at >= $3::timestamptz AND s.occurred_at < $4::timestamptz AND s.shadow AND s.label IS NOT NULL AND p.label IS NOT NULL
    UNION ALL
    SELECT s.deployment_id, s.variant, s.occurred_at, s.label = p.label
    FROM prediction_events p
    JOIN prediction_events s ON s.request_id = p.request_id AND s.deployment_id = p.deployment_id AND s.shadow
      AND s.occurred_at >= $5::timestamptz AND s.occurred_at < $6::timestamptz
    WHERE p.event_id = ANY($1::uuid[]) AND p.occurred_at >= $3::timestamptz AND p.occurred_at < $4::timestamptz AND NOT p.shadow AND NOT (s.event_id = ANY($1::uuid[]))
      AND s.label IS NOT NULL AND p.label IS NOT NULL
  )
  INSERT INTO rollups AS r (deployment_id, variant, bucket_start, agreement_pairs, agreements)
  SELECT deployment_id, variant, to_timestamp(floor(extract(epoch FROM occurred_at) * 1000 / $2) * $2 / 1000.0) AS bucket_start,
         count(*), count(*) FILTER (WHERE agreed)
  FROM pairs WHERE deployment_id IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (deployment_id, variant, bucket_start) DO UPDATE SET
    agreement_pairs = r.agreement_pairs + excluded.agreement_pairs,
    agreements = r.agreements + excluded.agreements`;

/** The strategies that mirror calls to their candidate: only their deployments have shadow predictions. */
const MIRRORING: ReadonlySet<DeploymentStrategy> = new Set(['shadow', 'blue_green']);

/**
 * Adds the agreement pairs a batch completes to the shadow variant's rollups (call under the join lock).
 * Both halves of a pair belong to one deployment, so only predictions of mirroring deployments are looked at.
 */
export async function pairAgreements(db: SqlExecutor, fresh: readonly ResolvedPrediction[], bucketMs: number): Promise<void> {
  const mirrored = fresh.filter((p) => p.strategy !== null && MIRRORING.has(p.strategy));
  if (mirrored.length === 0) return;
  // The span of their timestamps: their lookup by id reads only their days' partitions.
  const events = mirrored.map((p) => p.event);
  await db.query(UPSERT_AGREEMENTS_SQL, [events.map((e) => e.eventId), bucketMs, ...occurredSpan(events), ...occurredSpan(events, SKEW_MS)]);
}
