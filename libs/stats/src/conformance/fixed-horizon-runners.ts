import { z } from 'zod';
import { benjaminiHochberg } from '../corrections/benjamini-hochberg';
import { holm } from '../corrections/holm';
import { betaChanceToWin } from '../bayesian/chance-to-win';
import { jensenShannon } from '../distances/jensen-shannon';
import { populationStabilityIndex } from '../distances/population-stability-index';
import { wasserstein } from '../distances/wasserstein';
import { chiSquareContingency, chiSquareGoodnessOfFit } from '../tests/chi-square';
import { ksTwoSample } from '../tests/ks-two-sample';
import { mannWhitneyU } from '../tests/mann-whitney-u';
import { twoProportionZ } from '../tests/two-proportion-z';
import { welchT, welchTFromSummary } from '../tests/welch-t';
import { type CaseRunner, unwrap } from './runner-types';

const numbers = z.array(z.number());
const alternative = z.enum(['two-sided', 'less', 'greater']).default('two-sided');

/** Runners for the SciPy conventions of `stats-reference.json`. */
export const FIXED_HORIZON_RUNNERS = {
  ks_2samp: (input) => {
    const i = z.object({ a: numbers, b: numbers, alternative, method: z.enum(['exact', 'asymp', 'auto']).default('auto') }).parse(input);
    const r = unwrap(ksTwoSample(i.a, i.b, { alternative: i.alternative, method: i.method }));
    return { statistic: r.statistic, pvalue: r.pValue };
  },
  chisquare: (input) => {
    const i = z.object({ observed: numbers, expected_proportions: numbers }).parse(input);
    const r = unwrap(chiSquareGoodnessOfFit(i.observed, i.expected_proportions));
    return { statistic: r.statistic, pvalue: r.pValue };
  },
  chi2_contingency: (input) => {
    const i = z.object({ table: z.array(numbers), correction: z.boolean().default(true) }).parse(input);
    const r = unwrap(chiSquareContingency(i.table, i.correction));
    return { statistic: r.statistic, pvalue: r.pValue, dof: r.dof };
  },
  welch_t_from_stats: (input) => {
    const i = z.object({ mean1: z.number(), std1: z.number(), n1: z.number(), mean2: z.number(), std2: z.number(), n2: z.number(), alternative }).parse(input);
    const r = unwrap(welchTFromSummary({ n: i.n1, mean: i.mean1, sd: i.std1 }, { n: i.n2, mean: i.mean2, sd: i.std2 }, i.alternative));
    return { statistic: r.statistic, pvalue: r.pValue, df: r.df };
  },
  welch_t: (input) => {
    const i = z.object({ a: numbers, b: numbers, alternative }).parse(input);
    const r = unwrap(welchT(i.a, i.b, i.alternative));
    return { statistic: r.statistic, pvalue: r.pValue, df: r.df };
  },
  two_proportion_z: (input) => {
    const i = z.object({ successes_a: z.number(), trials_a: z.number(), successes_b: z.number(), trials_b: z.number(), alternative }).parse(input);
    const r = unwrap(twoProportionZ({ successes: i.successes_a, trials: i.trials_a }, { successes: i.successes_b, trials: i.trials_b }, i.alternative));
    return { statistic: r.statistic, pvalue: r.pValue };
  },
  mannwhitneyu: (input) => {
    const i = z
      .object({ x: numbers, y: numbers, use_continuity: z.boolean().default(true), alternative, method: z.enum(['asymptotic', 'exact', 'auto']).default('auto') })
      .parse(input);
    const r = unwrap(mannWhitneyU(i.x, i.y, { alternative: i.alternative, method: i.method, useContinuity: i.use_continuity }));
    return { statistic: r.statistic, pvalue: r.pValue };
  },
  wasserstein: (input) => {
    const i = z.object({ u: numbers, v: numbers }).parse(input);
    return { distance: unwrap(wasserstein(i.u, i.v)).distance };
  },
  jensenshannon: (input) => {
    const i = z.object({ p: numbers, q: numbers, base: z.number().nullish() }).parse(input);
    return { distance: unwrap(jensenShannon(i.p, i.q, i.base ?? undefined)).distance };
  },
  psi: (input) => {
    const i = z.object({ expected_proportions: numbers, actual_proportions: numbers }).parse(input);
    return { psi: unwrap(populationStabilityIndex(i.expected_proportions, i.actual_proportions)).distance };
  },
  benjamini_hochberg: (input) => ({ adjusted: benjaminiHochberg(z.object({ pvalues: numbers }).parse(input).pvalues) }),
  holm: (input) => ({ adjusted: holm(z.object({ pvalues: numbers }).parse(input).pvalues) }),
  beta_binomial_prob_b_beats_a: (input) => {
    const i = z
      .object({ successes_a: z.number(), trials_a: z.number(), successes_b: z.number(), trials_b: z.number(), prior_alpha: z.number().default(1), prior_beta: z.number().default(1) })
      .parse(input);
    const r = betaChanceToWin({ successes: i.successes_a, trials: i.trials_a }, { successes: i.successes_b, trials: i.trials_b }, { alpha: i.prior_alpha, beta: i.prior_beta });
    return { probability: unwrap(r).probability };
  },
} satisfies Record<string, CaseRunner>;
