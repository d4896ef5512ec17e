import { notOk } from '../core/reasons';
import type { DistanceResult } from '../core/result';

/**
 * Population stability index, PSI = Σ (a_i − e_i) · ln(a_i / e_i) over bins, with e the reference
 * (expected) shares and a the current (actual) shares: a symmetrised KL divergence (Siddiqi 2006,
 * Credit Risk Scorecards, ch. 8). A `distance`: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major.
 * Empty bins make it infinite: pass shares already smoothed (see `psiFromReference`).
 *
 * @example
 * populationStabilityIndex([0.2, 0.3, 0.5], [0.3, 0.3, 0.4]) // { ok: true, distance: 0.0628608… }
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): DistanceResult {
  if (expected.length !== actual.length || expected.length === 0) {
    return notOk('invalid_input', 'Pass reference and current shares over the same bins.');
  }
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (!(e > 0) || !(a > 0)) return notOk('zero_expected_frequency', `Bin ${i} has a zero share; smooth empty bins before computing PSI.`);
    psi += (a - e) * Math.log(a / e);
  }
  return { ok: true, distance: psi };
}
