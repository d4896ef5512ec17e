import type { VariantAggregate } from '@modelgate/rollouts';
import type { SqlRunner } from '../decisions/decision.writer';

// Sums the rollups of one deployment over a window, per variant. Reads rollups only (never events),
// through rollups_window_idx (deployment_id, bucket_start): the rows read are the window's buckets,
// whatever the history behind them. A bucket that starts before the window but contains its start
// is included (`> start - bucket`): events stamped just after a step began land in it.
export const VARIANT_AGGREGATES_SQL = `
  WITH w AS (
    SELECT * FROM rollups
    WHERE deployment_id = $1 AND bucket_start > $2::timestamptz - make_interval(secs => $4) AND bucket_start <= $3::timestamptz
  ), histograms AS (
    SELECT variant, jsonb_object_agg(key, n) AS latency_histogram
    FROM (SELECT w.variant, h.key, sum(h.value::numeric) AS n FROM w, jsonb_each_text(w.latency_histogram) AS h GROUP BY 1, 2) AS bins
    GROUP BY variant
  )
  SELECT w.variant, v.version,
    sum(w.predictions)::float8 AS predictions, sum(w.errors)::float8 AS errors, sum(w.shadow_predictions)::float8 AS shadow_predictions,
    sum(w.latency_sum)::float8 AS latency_sum, coalesce(h.latency_histogram, '{}'::jsonb) AS latency_histogram,
    sum(w.outcomes)::float8 AS outcomes, sum(w.outcome_values)::float8 AS outcome_values, sum(w.outcome_sum)::float8 AS outcome_sum,
    sum(w.outcome_sum_squares)::float8 AS outcome_sum_squares, sum(w.correct)::float8 AS correct, sum(w.incorrect)::float8 AS incorrect,
    sum(w.agreement_pairs)::float8 AS agreement_pairs, sum(w.agreements)::float8 AS agreements
  FROM w
  JOIN deployment_variants v ON v.deployment_id = w.deployment_id AND v.name = w.variant
  LEFT JOIN histograms h ON h.variant = w.variant
  GROUP BY w.variant, v.version, h.latency_histogram
  ORDER BY w.variant`;

interface AggregateRow {
  variant: string;
  version: string;
  predictions: number;
  errors: number;
  shadow_predictions: number;
  latency_sum: number;
  latency_histogram: Record<string, string | number>;
  outcomes: number;
  outcome_values: number;
  outcome_sum: number;
  outcome_sum_squares: number;
  correct: number;
  incorrect: number;
  agreement_pairs: number;
  agreements: number;
}

export interface AggregateWindow {
  start: Date;
  end: Date;
  /** The rollup bucket width (ROLLUP_BUCKET_SECONDS). */
  bucketSeconds: number;
}

/** Per-variant sufficient statistics of a deployment over a window: what a strategy evaluates. */
export async function variantAggregates(db: SqlRunner, deploymentId: string, window: AggregateWindow): Promise<VariantAggregate[]> {
  const rows = (await db.query(VARIANT_AGGREGATES_SQL, [deploymentId, window.start.toISOString(), window.end.toISOString(), window.bucketSeconds])) as AggregateRow[];
  return rows.map((r) => ({
    variant: r.variant,
    version: r.version,
    predictions: r.predictions,
    errors: r.errors,
    shadowPredictions: r.shadow_predictions,
    latencySum: r.latency_sum,
    latencyHistogram: Object.fromEntries(Object.entries(r.latency_histogram).map(([bound, n]) => [bound, Number(n)])),
    outcomes: r.outcomes,
    outcomeValues: r.outcome_values,
    outcomeSum: r.outcome_sum,
    outcomeSumSquares: r.outcome_sum_squares,
    correct: r.correct,
    incorrect: r.incorrect,
    agreementPairs: r.agreement_pairs,
    agreements: r.agreements,
  }));
}
