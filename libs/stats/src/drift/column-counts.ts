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
