import { quantileSorted } from 'simple-statistics';
import { notOk } from '../core/reasons';
import { sortedCopy } from '../core/numeric';
import type { DistanceResult } from '../core/result';
import { populationStabilityIndex } from '../distances/population-stability-index';

/** Share given to an empty bin so PSI stays finite (a common convention; Siddiqi 2006). */
const EMPTY_BIN_SHARE = 1e-4;

function binShares(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (bin < edges.length && sorted[i]! > edges[bin]!) bin++;
    counts[bin]! += 1;
  }
  return counts.map((c) => Math.max(c / sorted.length, EMPTY_BIN_SHARE));
}

/**
 * PSI of a numerical feature with bins cut at the reference's quantiles (deciles by default):
 * every bin holds about the same share of the reference, bins are right-closed, and empty bins get
 * a share of 1e-4 so the index stays finite. See `populationStabilityIndex` for the scale.
 *
 * @example
 * psiFromReference([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) // distance 0
 */
export function psiFromReference(reference: readonly number[], current: readonly number[], bins = 10): DistanceResult {
  if (reference.length === 0 || current.length === 0) return notOk('empty_sample', 'Both windows need values to compute PSI.');
  const ref = sortedCopy(reference);
  const cur = sortedCopy(current);
  const refArray = Array.from(ref);
  const cuts = Array.from({ length: bins - 1 }, (_, k) => quantileSorted(refArray, (k + 1) / bins));
  const edges = cuts.filter((e, i) => i === 0 || e > cuts[i - 1]!);
  return populationStabilityIndex(binShares(ref, edges), binShares(cur, edges));
}
