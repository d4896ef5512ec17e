import { forEachDistinct } from '../core/merge-walk';

/** A feature's values in one window: numbers (numerical) or strings (categorical). */
export type FeatureValues = readonly number[] | readonly string[];

/** Value → count for one window, and the windows' union of distinct values in sorted order. */
export interface CountTable {
  readonly keys: readonly (number | string)[];
  readonly reference: ReadonlyMap<number | string, number>;
  readonly current: ReadonlyMap<number | string, number>;
}

function countValues(values: FeatureValues): Map<number | string, number> {
  const counts = new Map<number | string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Counts both windows over the union of their distinct values (NaN is not a value, as in pandas). */
export function countTable(reference: FeatureValues, current: FeatureValues): CountTable {
  const ref = countValues(reference);
  const cur = countValues(current);
  const keySet = new Set<number | string>([...ref.keys(), ...cur.keys()]);
  keySet.delete(Number.NaN);
  const keys = [...keySet].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return { keys, reference: ref, current: cur };
}

/** Number of distinct numbers across two sorted arrays (a merge walk, no hashing). */
export function distinctInSorted(x: Float64Array, y: Float64Array): number {
  let count = 0;
  forEachDistinct(x, y, () => count++);
  return count;
}

/**
 * Shares of each window in NumPy's Sturges histogram of both windows together
 * (`np.histogram_bin_edges(concat, bins='sturges')`: ⌈log₂ n + 1⌉ equal bins from min to max,
 * right-open except the last), as Evidently bins a numerical feature with more than 20 distinct
 * reference values for Jensen–Shannon.
 */
export function sturgesShares(reference: Float64Array, current: Float64Array): { reference: number[]; current: number[] } {
  const size = reference.length + current.length;
  let lo = Math.min(reference[0]!, current[0]!);
  let hi = Math.max(reference[reference.length - 1]!, current[current.length - 1]!);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const bins = Math.ceil(Math.log2(size) + 1);
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
  const shares = (sorted: Float64Array): number[] => {
    const counts = new Array<number>(bins).fill(0);
    let bin = 0;
    for (let i = 0; i < sorted.length; i++) {
      while (bin < bins - 1 && sorted[i]! >= edges[bin + 1]!) bin++;
      counts[bin]! += 1;
    }
    return counts.map((c) => c / sorted.length);
  };
  return { reference: shares(reference), current: shares(current) };
}

/** Number of distinct values in one sorted array. */
export function distinctInOne(sorted: Float64Array): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}
