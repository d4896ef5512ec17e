/** One field that does not match: its path, what the library computed and what was expected. */
export interface Mismatch {
  readonly path: string;
  readonly got: unknown;
  readonly expected: unknown;
}

/**
 * Compares computed output with a case's `expected`, field by field (nested arrays element-wise):
 * a number passes when |got − expected| <= atol + rtol·|expected|; strings, booleans, null and
 * array lengths must match exactly. Only the expected fields are checked.
 */
export function compareOutput(got: unknown, expected: unknown, rtol: number, atol: number, path = ''): Mismatch[] {
  if (typeof expected === 'number') {
    const ok = typeof got === 'number' && (got === expected || Math.abs(got - expected) <= atol + rtol * Math.abs(expected));
    return ok ? [] : [{ path, got, expected }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) return [{ path, got, expected }];
    return expected.flatMap((e, i) => compareOutput(got[i], e, rtol, atol, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (got === null || typeof got !== 'object') return [{ path, got, expected }];
    return Object.entries(expected).flatMap(([k, e]) =>
      compareOutput((got as Record<string, unknown>)[k], e, rtol, atol, path ? `${path}.${k}` : k),
    );
  }
  return got === expected ? [] : [{ path, got, expected }];
}
