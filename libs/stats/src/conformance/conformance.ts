import { z } from 'zod';
import { compareOutput, type Mismatch } from './compare';
import { caseRunner } from './registry';

const caseSchema = z.object({
  id: z.string(),
  test: z.string(),
  input: z.unknown(),
  expected: z.record(z.string(), z.unknown()),
  rtol: z.number().default(0),
  atol: z.number().default(0),
});

/** A conformance file: `{ cases: [{ id, test, input, expected, rtol, atol }] }` plus its header. */
export const conformanceFileSchema = z.object({ cases: z.array(caseSchema) });

export type ConformanceCase = z.infer<typeof caseSchema>;

/** A case's outcome: passed, or the mismatching fields, or the error that stopped it. */
export interface CaseOutcome {
  readonly id: string;
  readonly test: string;
  readonly passed: boolean;
  readonly mismatches: readonly Mismatch[];
  readonly error?: string;
}

/** Runs one case through the registry; an unknown test name or a thrown error fails the case. */
export function runCase(c: ConformanceCase): CaseOutcome {
  try {
    const got = caseRunner(c.test)(c.input);
    const mismatches = compareOutput(got, c.expected, c.rtol, c.atol);
    return { id: c.id, test: c.test, passed: mismatches.length === 0, mismatches };
  } catch (e) {
    return { id: c.id, test: c.test, passed: false, mismatches: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** Parses a conformance file's JSON text and runs every case. */
export function runConformance(json: string): CaseOutcome[] {
  return conformanceFileSchema.parse(JSON.parse(json)).cases.map(runCase);
}
