import { betaChanceToWin, normalChanceToWin } from '@modelgate/stats';
import type { TestEvidence } from '@modelgate/contracts';
import { armStatistic } from '../metrics/metric-definitions';
import { sig } from '../metrics/format';
import type { MetricName, VariantAggregate } from '../types';

/** The chance to win an A/B report shows beside the sequential test (GrowthBook's Bayesian engine). */
const SHOWN_THRESHOLD = 0.95;
/**
 * The exact Beta sum costs one term per success; past this many successes and failures in every arm
 * the Beta posterior is normal to well under 0.1 % (its skewness is below 0.15), so the normal form
 * keeps an analysis tick fast on large windows.
 */
const EXACT_BETA_LIMIT = 200;

function bernoulliSummary(sum: number, n: number): { n: number; mean: number; sd: number } {
  const p = n > 0 ? sum / n : 0;
  return { n, mean: p, sd: Math.sqrt(p * (1 - p)) };
}

/**
 * P(the arm is better than the control) under flat priors: Beta(1, 1) posteriors for proportions
 * (exact, Evan Miller's sum; normal beyond `EXACT_BETA_LIMIT`), normal posteriors of the mean for outcome values. Reported beside the
 * sequential test, never deciding: the always-valid test controls errors under repeated looks, a
 * posterior probability does not. Latency and agreement have no such posterior here (null).
 */
export function chanceToWin(metric: MetricName, control: VariantAggregate, arm: VariantAggregate, higherIsBetter: boolean): TestEvidence | null {
  const a = armStatistic(metric, control);
  const b = armStatistic(metric, arm);
  if (a === null || b === null || metric === 'agreement') return null;
  let result;
  if (a.kind === 'proportion' && b.kind === 'proportion') {
    const large = Math.min(a.sum, a.n - a.sum, b.sum, b.n - b.sum) > EXACT_BETA_LIMIT;
    result = large
      ? normalChanceToWin(bernoulliSummary(a.sum, a.n), bernoulliSummary(b.sum, b.n))
      : betaChanceToWin({ successes: a.sum, trials: a.n }, { successes: b.sum, trials: b.n });
  } else if (a.kind === 'mean' && b.kind === 'mean') {
    const summary = (s: typeof a) => {
      const mean = s.n > 0 ? s.sum / s.n : 0;
      return { n: s.n, mean, sd: s.n > 1 ? Math.sqrt(Math.max(0, (s.sumSquares - s.sum * mean) / (s.n - 1))) : 0 };
    };
    result = normalChanceToWin(summary(a), summary(b));
  } else return null;
  const probability = result.ok ? (higherIsBetter ? result.probability : 1 - result.probability) : null;
  const detail =
    probability === null
      ? `chance to win not computed: ${result.ok ? '' : result.detail}`
      : `P(${arm.variant} better than ${control.variant} on ${metric}) = ${sig(probability)} (flat priors; shown beside the sequential test, not deciding)`;
  return {
    name: 'chance_to_win',
    metric,
    role: 'primary',
    variant: arm.variant,
    statistic: null,
    pValue: null,
    probability,
    ciLower: null,
    ciUpper: null,
    threshold: SHOWN_THRESHOLD,
    verdict: probability === null ? 'error' : probability >= SHOWN_THRESHOLD ? 'pass' : 'inconclusive',
    detail,
  };
}
