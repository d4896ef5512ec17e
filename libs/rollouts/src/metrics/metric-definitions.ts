import type { ArmStatistic } from '@modelgate/stats';
import type { MetricName, VariantAggregate } from '../types';

/** Every metric the policy knows, in the order evidence lists them. */
export const METRIC_NAMES = ['error_rate', 'latency_p95_ms', 'latency_p99_ms', 'accuracy', 'outcome_value', 'agreement'] as const satisfies readonly MetricName[];

/** How a metric is estimated and tested. */
export type MetricKind =
  /** A 0/1 outcome per unit of its sample: sequential test on the proportion. */
  | 'proportion'
  /** A real value per unit: sequential test on the mean from n, Σ and Σ². */
  | 'mean'
  /** A quantile of the latency histogram: tested on the share of requests slower than a bin bound. */
  | 'quantile'
  /** Measured on the candidate only (agreement with the primary): compared with a target, not a baseline. */
  | 'one_sample';

export interface MetricDefinition {
  readonly kind: MetricKind;
  /** Natural direction when the metric is a guardrail or signal (the primary metric states its own). */
  readonly higherIsBetter: boolean;
  /** Words for reasons ("error rate", "p95 latency"). */
  readonly label: string;
  /** The quantile a latency metric reads from the histogram. */
  readonly quantile?: number;
}

export const METRICS: Readonly<Record<MetricName, MetricDefinition>> = {
  error_rate: { kind: 'proportion', higherIsBetter: false, label: 'error rate' },
  accuracy: { kind: 'proportion', higherIsBetter: true, label: 'accuracy' },
  agreement: { kind: 'one_sample', higherIsBetter: true, label: 'agreement' },
  outcome_value: { kind: 'mean', higherIsBetter: true, label: 'outcome value' },
  latency_p95_ms: { kind: 'quantile', higherIsBetter: false, label: 'p95 latency', quantile: 0.95 },
  latency_p99_ms: { kind: 'quantile', higherIsBetter: false, label: 'p99 latency', quantile: 0.99 },
};

/** A count read defensively: aggregates come from SQL sums, but a garbage value must not become NaN evidence. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * The sufficient statistics of a proportion or mean metric for one variant, in gbstats' shape.
 * `error_rate` counts errors over predictions (mirrored ones included: ingest counts a shadow
 * prediction in both `predictions` and `shadowPredictions`).
 */
export function armStatistic(metric: MetricName, v: VariantAggregate): ArmStatistic | null {
  switch (metric) {
    case 'error_rate':
      return { kind: 'proportion', n: count(v.predictions), sum: Math.min(count(v.errors), count(v.predictions)) };
    case 'accuracy':
      return { kind: 'proportion', n: count(v.correct) + count(v.incorrect), sum: count(v.correct) };
    case 'agreement':
      return { kind: 'proportion', n: count(v.agreementPairs), sum: Math.min(count(v.agreements), count(v.agreementPairs)) };
    case 'outcome_value':
      return { kind: 'mean', n: count(v.outcomeValues), sum: finite(v.outcomeSum), sumSquares: finite(v.outcomeSumSquares) };
    default:
      return null;
  }
}
