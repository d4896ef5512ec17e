/**
 * Holm's step-down adjusted p-values controlling the family-wise error rate under any dependence
 * (Holm 1979, Scand. J. Statist. 6(2), 65–70; adjusted form as R `p.adjust(…, "holm")`): sort
 * ascending, scale the i-th (1-based) by m − i + 1, take the running maximum, cap at 1.
 * Returned in the input order.
 *
 * @example
 * holm([0.01, 0.04, 0.03, 0.005, 0.2]) // [0.04, 0.09, 0.09, 0.025, 0.2]
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, i) => {
    running = Math.max(running, (m - i) * pValues[index]!);
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}
