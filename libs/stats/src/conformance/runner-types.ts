/** What a conformance case's runner returns: the fields named as in the fixture's `expected`. */
export type CaseOutput = Record<string, unknown>;

/** Runs one case's `input` (already JSON) through the library. Throws on malformed input. */
export type CaseRunner = (input: unknown) => CaseOutput;

/** A not-ok result becomes an output with its reason, so the comparison reports it as a mismatch. */
export function unwrap<T extends { ok: boolean }>(result: T): Exclude<T, { ok: false }> {
  if (!result.ok) {
    const { reason, detail } = result as unknown as { reason: string; detail: string };
    throw new Error(`${reason}: ${detail}`);
  }
  return result as Exclude<T, { ok: false }>;
}
