/**
 * `fc.assert` parameters shared by the stats property specs: a fixed seed, so every CI run replays
 * the same generated cases and a failure reproduces locally as reported; `numRuns` defaults to
 * fast-check's own 100.
 */
export function propertyRuns(numRuns = 100): { readonly seed: number; readonly numRuns: number } {
  return { seed: 42, numRuns };
}
