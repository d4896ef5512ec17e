import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { MetricEstimate } from '@modelgate/contracts';
import type { MetricName, VariantAggregate } from '../types';
import { histogramQuantile, latencyBins } from './latency-histogram';
import { METRICS, armStatistic } from './metric-definitions';

/** z_{1−α/2}; a nonsensical α falls back to 0.05 rather than making every interval NaN. */
export function zFor(alpha: number): number {
  const a = Number.isFinite(alpha) && alpha > 0 && alpha < 1 ? alpha : 0.05;
  return normalQuantile(1 - a / 2, 0, 1);
}

/**
 * Wilson's score interval for a proportion (Wilson 1927, JASA 22(158); Agresti & Coull 1998 on why
 * it beats the Wald interval near 0 and 1, where error rates live).
 */
export function wilsonInterval(sum: number, n: number, z: number): { lower: number; upper: number } {
  const p = sum / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * One variant's estimate of one metric over the window, with a (1 − α) interval: Wilson for
 * proportions, mean ± z·sd/√n for outcome values, order statistics for latency quantiles.
 * These are fixed-horizon intervals describing the window; the decisions rest on the tests.
 */
export function estimateMetric(metric: MetricName, v: VariantAggregate, alpha: number): MetricEstimate {
  const z = zFor(alpha);
  const definition = METRICS[metric];
  const none = (n: number): MetricEstimate => ({ metric, value: null, ciLower: null, ciUpper: null, n });
  if (definition.kind === 'quantile') {
    const q = histogramQuantile(latencyBins(v.latencyHistogram), definition.quantile ?? 0.95, z);
    return q === null ? none(0) : { metric, value: q.value, ciLower: q.lower, ciUpper: q.upper, n: q.n };
  }
  const arm = armStatistic(metric, v);
  if (arm === null || arm.n === 0) return none(0);
  if (arm.kind === 'proportion') {
    const { lower, upper } = wilsonInterval(arm.sum, arm.n, z);
    return { metric, value: arm.sum / arm.n, ciLower: lower, ciUpper: upper, n: arm.n };
  }
  const mean = arm.sum / arm.n;
  if (arm.n < 2) return { metric, value: mean, ciLower: null, ciUpper: null, n: arm.n };
  const variance = Math.max(0, (arm.sumSquares - arm.sum * mean) / (arm.n - 1));
  const half = z * Math.sqrt(variance / arm.n);
  return { metric, value: mean, ciLower: mean - half, ciUpper: mean + half, n: arm.n };
}
