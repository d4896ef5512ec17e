import { LATENCY_BOUNDS_MS } from '@modelgate/contracts';
import { count } from './metric-definitions';

/** One bin of the latency histogram: latencies in (previous bound, upper] ms. */
export interface LatencyBin {
  readonly upper: number;
  readonly count: number;
}

/** The histogram in bound order, `+Inf` last; keys outside `LATENCY_BOUNDS_MS` are ignored (never guessed). */
export function latencyBins(histogram: Record<string, number> | undefined): LatencyBin[] {
  const h = histogram ?? {};
  const bins = LATENCY_BOUNDS_MS.map((upper) => ({ upper, count: count(h[String(upper)]) }));
  return [...bins, { upper: Number.POSITIVE_INFINITY, count: count(h['+Inf']) }];
}

export function totalCount(bins: readonly LatencyBin[]): number {
  return bins.reduce((s, b) => s + b.count, 0);
}

/**
 * The latency at rank `rank` (1..n) by linear interpolation inside its bin, as Prometheus'
 * `histogram_quantile` does (the first bin starts at 0; a rank in `+Inf` reads the last finite bound).
 */
function valueAtRank(bins: readonly LatencyBin[], rank: number): number {
  let below = 0;
  let lower = 0;
  for (const bin of bins) {
    if (bin.count > 0 && below + bin.count >= rank) {
      if (!Number.isFinite(bin.upper)) return lower;
      return lower + ((bin.upper - lower) * (rank - below)) / bin.count;
    }
    below += bin.count;
    if (Number.isFinite(bin.upper)) lower = bin.upper;
  }
  return lower;
}

/**
 * The q-quantile of a binned latency sample with a distribution-free interval: the order statistics
 * at ranks nq ∓ z·sqrt(nq(1 − q)) (the binomial normal approximation of the rank of the true
 * quantile; e.g. Conover 1999, Practical Nonparametric Statistics, §3.2), read through the bins.
 */
export function histogramQuantile(bins: readonly LatencyBin[], q: number, z: number): { value: number; lower: number; upper: number; n: number } | null {
  const n = totalCount(bins);
  if (n === 0) return null;
  const half = z * Math.sqrt(n * q * (1 - q));
  const rank = (r: number): number => Math.min(n, Math.max(1, r));
  return {
    value: valueAtRank(bins, rank(n * q)),
    lower: valueAtRank(bins, rank(Math.floor(n * q - half))),
    upper: valueAtRank(bins, rank(Math.ceil(n * q + half))),
    n,
  };
}

/** Requests slower than `bound` ms (the bins above it), out of all. */
export function slowerThan(bins: readonly LatencyBin[], bound: number): { n: number; sum: number } {
  return { n: totalCount(bins), sum: bins.filter((b) => b.upper > bound).reduce((s, b) => s + b.count, 0) };
}

/**
 * The bin bound whose share of slower requests in the pooled sample is closest to 1 − q, among the
 * bounds that leave some requests on both sides (a bound with none above has no variance to test).
 * Pooled, so the threshold treats both variants alike under the null of equal distributions.
 */
export function tailBound(a: readonly LatencyBin[], b: readonly LatencyBin[], q: number): number | null {
  const pooled = a.map((bin, i) => ({ upper: bin.upper, count: bin.count + (b[i]?.count ?? 0) }));
  const n = totalCount(pooled);
  let best: number | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const bound of LATENCY_BOUNDS_MS) {
    const above = slowerThan(pooled, bound).sum;
    if (above === 0 || above === n) continue;
    const distance = Math.abs(above / n - (1 - q));
    if (distance < bestDistance) [best, bestDistance] = [bound, distance];
  }
  return best;
}
