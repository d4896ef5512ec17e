import type { NotOk } from '../core/reasons';
import { chiSquareGoodnessOfFit } from './chi-square';

export type SampleRatioMismatchResult =
  | { readonly ok: true; readonly statistic: number; readonly pValue: number; readonly effect: number; readonly mismatch: boolean; readonly threshold: number }
  | NotOk;

/**
 * Sample ratio mismatch check: a χ² goodness-of-fit test of the units observed per variant
 * against the intended split (weights need not sum to 1). A mismatch means assignment or logging
 * is broken and the analysis must not be trusted. The default threshold p < 0.0005 follows
 * Fabijan et al. (2019), "Diagnosing sample ratio mismatch in online controlled experiments", KDD,
 * which keeps false alarms rare when the check runs at every analysis. `effect` is Cohen's w.
 *
 * @example
 * sampleRatioMismatch([51000, 49000], [1, 1]) // mismatch: true (p 2.5e-10)
 */
export function sampleRatioMismatch(observed: readonly number[], intendedWeights: readonly number[], threshold = 0.0005): SampleRatioMismatchResult {
  const r = chiSquareGoodnessOfFit(observed, intendedWeights);
  if (!r.ok) return r;
  return { ok: true, statistic: r.statistic, pValue: r.pValue, effect: r.effect, mismatch: r.pValue < threshold, threshold };
}
