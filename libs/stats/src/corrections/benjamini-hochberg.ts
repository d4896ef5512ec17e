/**
 * Benjamini–Hochberg adjusted p-values (q-values) controlling the false discovery rate across
 * several metrics (Benjamini & Hochberg 1995, JRSS B 57(1), 289–300; adjusted form as SciPy
 * `false_discovery_control(p, method='bh')` and R `p.adjust(…, "BH")`): sort ascending, scale the
 * i-th by m/i, take the running minimum from the largest, cap at 1. Returned in the input order.
 * Assumes independent or positively dependent tests.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]) // [0.025, 0.05, 0.05, 0.025, 0.2]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = Infinity;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1]!;
    running = Math.min(running, pValues[index]! * (m / rank));
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}
