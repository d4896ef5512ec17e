import betaln from '@stdlib/math-base-special-betaln';
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { notOk, type NotOk } from '../core/reasons';
import { tanhSinh } from './tanh-sinh';
import type { ArmSummary } from '../tests/welch-t';
import type { ProportionArm } from '../tests/two-proportion-z';

/** A Beta(α, β) prior on a conversion rate; Beta(1, 1) is uniform. */
export interface BetaPrior {
  readonly alpha: number;
  readonly beta: number;
}

/** P(the treatment's rate or mean exceeds the control's) under the posterior. */
export type ChanceToWinResult = { readonly ok: true; readonly probability: number } | NotOk;

/** Σ_{i<αB} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)), αB a positive integer. */
function millerSum(aA: number, bA: number, aB: number, bB: number): number {
  const logNorm = betaln(aA, bA);
  let s = 0;
  for (let i = 0; i < aB; i++) s += Math.exp(betaln(aA + i, bA + bB) - Math.log(bB + i) - betaln(1 + i, bB) - logNorm);
  return s;
}

/** Mean ± 1, 3, 6, 10 standard deviations of Beta(α, β), inside (0, 1). */
function landmarks(alpha: number, beta: number): number[] {
  const mean = alpha / (alpha + beta);
  const sd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)));
  return [-10, -6, -3, -1, 1, 3, 6, 10].map((k) => mean + k * sd).filter((x) => x > 0 && x < 1);
}

/**
 * ∫ f_B(x)·F_A(x) dx over [0, 1], split at both posteriors' landmarks so that every piece is smooth
 * (a narrow posterior, or the step of F_A, is never missed between nodes), each piece by tanh-sinh.
 * The upper half is integrated in y = 1 − x (f_B(1 − y) = f_B'(y), F_A(1 − y) = 1 − F_A'(y) with
 * α, β swapped), so a density singular at 1 keeps its digits, as doubles are dense only near 0.
 */
function quadrature(aA: number, bA: number, aB: number, bB: number): number {
  const cuts = [...new Set([0, 0.5, 1, ...landmarks(aA, bA), ...landmarks(aB, bB)])].sort((x, y) => x - y);
  const lower = (x: number): number => betaPdf(x, aB, bB) * betaCdf(x, aA, bA);
  const upper = (y: number): number => betaPdf(y, bB, aB) * (1 - betaCdf(y, bA, aA));
  let total = 0;
  for (let i = 1; i < cuts.length; i++) {
    const [a, b] = [cuts[i - 1]!, cuts[i]!];
    total += b <= 0.5 ? tanhSinh(lower, a, b) : tanhSinh(upper, 1 - b, 1 - a);
  }
  return Math.min(1, Math.max(0, total));
}

/**
 * Bayesian chance to win for conversion rates: P(rate_b > rate_a) with independent posteriors
 * Beta(α₀ + successes, β₀ + failures), computed exactly (no Monte Carlo) by the closed form of
 * Evan Miller, "Formulas for Bayesian A/B testing" (2015), eq. for Pr(p_B > p_A), summed over the
 * integer posterior α (of b, or of a by symmetry: P(b > a) = 1 − P(a > b), ties having probability 0);
 * with a non-integer prior α, by quadrature of ∫ f_b(x)·F_a(x) dx (tanh-sinh, Takahasi & Mori 1974).
 *
 * @example
 * betaChanceToWin({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 }) // 0.97506…
 */
export function betaChanceToWin(a: ProportionArm, b: ProportionArm, prior: BetaPrior = { alpha: 1, beta: 1 }): ChanceToWinResult {
  if (a.trials < a.successes || b.trials < b.successes || a.successes < 0 || b.successes < 0) {
    return notOk('invalid_input', 'Successes must lie between 0 and the number of trials.');
  }
  const aA = prior.alpha + a.successes;
  const bA = prior.beta + a.trials - a.successes;
  const aB = prior.alpha + b.successes;
  const bB = prior.beta + b.trials - b.successes;
  if (Number.isInteger(aB)) return { ok: true, probability: millerSum(aA, bA, aB, bB) };
  if (Number.isInteger(aA)) return { ok: true, probability: 1 - millerSum(aB, bB, aA, bA) };
  return { ok: true, probability: quadrature(aA, bA, aB, bB) };
}

/**
 * Bayesian chance to win for means under flat priors: the posterior of each arm's mean is
 * N(mean, sd²/n), so P(μ_b > μ_a) = Φ((m_b − m_a)/sqrt(sd_a²/n_a + sd_b²/n_b)).
 *
 * @example
 * normalChanceToWin({ n: 100, mean: 10, sd: 2 }, { n: 100, mean: 10, sd: 2 }) // 0.5
 */
export function normalChanceToWin(a: ArmSummary, b: ArmSummary): ChanceToWinResult {
  if (a.n <= 0 || b.n <= 0) return notOk('empty_sample', 'Both arms need units; wait for traffic.');
  const sd = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  if (!(sd > 0)) return notOk('zero_variance', 'Neither arm varies; the chance to win is undefined.');
  return { ok: true, probability: normalCdf((b.mean - a.mean) / sd, 0, 1) };
}
