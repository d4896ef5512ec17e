/**
 * Upper critical value of χ²(df) at the standard-normal quantile z, by the Wilson–Hilferty
 * cube-root approximation (Wilson & Hilferty 1931, PNAS 17:684; within 0.1 % for df ≥ 30).
 * z = 3.0902 is the 0.999 quantile.
 */
export const chiSquareCritical = (df: number, z: number): number => df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;

/** Pearson's χ² of observed counts against expected counts. */
export function chiSquareStatistic(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let chi2 = 0;
  for (let i = 0; i < observed.length; i++) chi2 += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return chi2;
}

/** χ² of independence of an r×c table (row-major counts): expected = row total × column total / n. */
export function independenceChiSquare(table: number[][]): { chi2: number; df: number } {
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = table[0]!.map((_, j) => table.reduce((a, r) => a + r[j]!, 0));
  const n = rows.reduce((a, b) => a + b, 0);
  const observed = table.flat();
  const expected = table.flatMap((r, i) => r.map((_, j) => (rows[i]! * cols[j]!) / n));
  return { chi2: chiSquareStatistic(observed, expected), df: (rows.length - 1) * (cols.length - 1) };
}
