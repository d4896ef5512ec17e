import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalPdf from '@stdlib/stats-base-dists-normal-pdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { type ArmStatistic, type DifferenceType, type GbstatsError, effectMoments } from './effect-moments';

/** A Gaussian prior on the relative effect; `proper: false` means flat (ignored). */
export interface GaussianPrior {
  readonly mean: number;
  readonly variance: number;
  readonly proper: boolean;
}

export interface BayesianEffectOptions {
  readonly difference?: DifferenceType;
  readonly alpha?: number;
  readonly prior?: GaussianPrior;
  /** True when a lower metric is better: chance to win and risks are mirrored. */
  readonly inverse?: boolean;
}

export interface BayesianEffect {
  readonly chanceToWin: number;
  readonly expected: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly standardError: number;
  /** Expected loss of keeping the control: P(Δ > 0)·E[Δ | Δ > 0]. */
  readonly riskControl: number;
  /** Expected loss of shipping the treatment: −P(Δ < 0)·E[Δ | Δ < 0]. */
  readonly riskTreatment: number;
  readonly error: GbstatsError | null;
}

/** P(X > 0)·E[X | X > 0] for X ~ N(m, s²), with the far-tail shortcut gbstats uses. */
function positivePartMean(m: number, s: number): number {
  const z = m / s;
  if (Math.abs(z) > 37) return Math.max(m, 0);
  return m * normalCdf(z, 0, 1) + s * normalPdf(z, 0, 1);
}

/**
 * Bayesian effect of b over a with a Gaussian prior on the effect, as gbstats 0.8.0
 * `EffectBayesianABTest` (packages/stats/gbstats/bayesian/tests.py): conjugate normal update of the
 * delta-method estimate (posterior precision 1/se² + 1/τ²; a relative prior is rescaled by |m_a|
 * for an absolute difference), chance to win = P(Δ > 0), credible interval from the posterior
 * quantiles, and the two expected-loss risks as truncated-normal means.
 *
 * @example
 * bayesianEffect(a, b, { prior: { mean: 0, variance: 1, proper: false } }).chanceToWin // 0.9039 for 100/1000 vs 120/1000
 */
export function bayesianEffect(a: ArmStatistic, b: ArmStatistic, options: BayesianEffectOptions = {}): BayesianEffect {
  const { difference = 'relative', alpha = 0.05, prior = { mean: 0, variance: 1, proper: false }, inverse = false } = options;
  const moments = effectMoments(a, b, difference);
  if (!moments.ok) {
    return { chanceToWin: 0.5, expected: 0, ciLower: 0, ciUpper: 0, standardError: 0, riskControl: 0, riskTreatment: 0, error: moments.error };
  }
  let mean = moments.expected;
  let sd = moments.se;
  if (prior.proper) {
    const scale = difference === 'absolute' ? Math.abs(moments.meanA) : 1;
    const priorMean = prior.mean * scale;
    const priorVar = prior.variance * scale * scale;
    const precision = 1 / (sd * sd) + 1 / priorVar;
    mean = (mean / (sd * sd) + priorMean / priorVar) / precision;
    sd = Math.sqrt(1 / precision);
  }
  const pPositive = normalCdf(mean / sd, 0, 1);
  const up = positivePartMean(mean, sd);
  const down = positivePartMean(-mean, sd);
  return {
    chanceToWin: inverse ? 1 - pPositive : pPositive,
    expected: mean,
    ciLower: normalQuantile(alpha / 2, mean, sd),
    ciUpper: normalQuantile(1 - alpha / 2, mean, sd),
    standardError: sd,
    riskControl: inverse ? down : up,
    riskTreatment: inverse ? up : down,
    error: null,
  };
}
