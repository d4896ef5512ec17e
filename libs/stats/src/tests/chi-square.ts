import { notOk } from '../core/reasons';
import type { TestResult } from '../core/result';
import { chiSquareSf } from '../distributions/tails';

/** Extra field of χ² results: the degrees of freedom of the reference distribution. */
export type ChiSquareResult = TestResult<{ readonly dof: number }>;

function pearson(observed: readonly number[], expected: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < observed.length; i++) s += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return s;
}

/**
 * Pearson's χ² goodness-of-fit test of observed counts against intended proportions (SciPy
 * `chisquare(f_obs, f_exp = Σobs · proportions)`), k − 1 degrees of freedom. `effect` is Cohen's
 * w = sqrt(χ²/N). Assumes independent units and expected counts large enough (≳ 5) for the χ² limit.
 *
 * @example
 * chiSquareGoodnessOfFit([5040, 4960], [0.5, 0.5]) // statistic 0.64, pValue 0.42371…
 */
export function chiSquareGoodnessOfFit(observed: readonly number[], proportions: readonly number[]): ChiSquareResult {
  if (observed.length !== proportions.length || observed.length < 2) {
    return notOk('invalid_input', 'Pass one intended proportion per observed category, at least two categories.');
  }
  const total = observed.reduce((s, v) => s + v, 0);
  const share = proportions.reduce((s, v) => s + v, 0);
  if (total <= 0) return notOk('empty_sample', 'No units observed yet; wait for traffic.');
  const expected = proportions.map((p) => (total * p) / share);
  if (expected.some((e) => e <= 0)) return notOk('zero_expected_frequency', 'Every category needs a positive intended proportion.');
  const statistic = pearson(observed, expected);
  const dof = observed.length - 1;
  return { ok: true, statistic, pValue: chiSquareSf(statistic, dof), effect: Math.sqrt(statistic / total), dof };
}

/**
 * Pearson's χ² test of independence on an r × c contingency table (SciPy `chi2_contingency`):
 * expected counts from the margins, (r − 1)(c − 1) degrees of freedom, and, when `correction` and
 * dof = 1, Yates' continuity correction (each |O − E| reduced by at most ½, never past E).
 * `effect` is Cramér's V.
 *
 * @example
 * chiSquareContingency([[120, 80], [100, 100]], true) // statistic 3.6465, pValue 0.05619, dof 1
 */
export function chiSquareContingency(table: readonly (readonly number[])[], correction = true): ChiSquareResult {
  const rows = table.length;
  const cols = table[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || table.some((r) => r.length !== cols)) {
    return notOk('invalid_input', 'Pass a rectangular table of counts (one row per variant, one column per outcome).');
  }
  const rowSums = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((s, r) => s + r[j]!, 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  const observed: number[] = [];
  const expected: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      observed.push(table[i]![j]!);
      expected.push((rowSums[i]! * colSums[j]!) / total);
    }
  }
  if (expected.some((e) => !(e > 0))) return notOk('zero_expected_frequency', 'A row or column of the table sums to zero; drop it or wait for data.');
  const dof = rows * cols - rows - cols + 1;
  if (dof === 0) return { ok: true, statistic: 0, pValue: 1, effect: 0, dof };
  const adjusted =
    dof === 1 && correction
      ? observed.map((o, k) => o + Math.sign(expected[k]! - o) * Math.min(0.5, Math.abs(expected[k]! - o)))
      : observed;
  const statistic = pearson(adjusted, expected);
  const cramerV = Math.sqrt(statistic / total / Math.max(1, Math.min(rows, cols) - 1));
  return { ok: true, statistic, pValue: chiSquareSf(statistic, dof), effect: cramerV, dof };
}
