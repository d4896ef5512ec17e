import { DRIFT_RUNNERS } from './drift-runners';
import { FIXED_HORIZON_RUNNERS } from './fixed-horizon-runners';
import type { CaseRunner } from './runner-types';
import { SEQUENTIAL_RUNNERS } from './sequential-runners';

/**
 * The explicit map from a conformance test name (as in `libs/stats/fixtures/*.json`) to the library
 * function that computes it. No import-time registration: adding a method means adding it here.
 */
export const CASE_RUNNERS = { ...FIXED_HORIZON_RUNNERS, ...DRIFT_RUNNERS, ...SEQUENTIAL_RUNNERS } satisfies Record<string, CaseRunner>;

export type CaseTestName = keyof typeof CASE_RUNNERS;

/** Looks a test name up; an unknown name throws, listing every valid one. */
export function caseRunner(name: string): CaseRunner {
  if (!Object.hasOwn(CASE_RUNNERS, name)) {
    throw new Error(`Unknown test "${name}". Valid tests: ${Object.keys(CASE_RUNNERS).sort().join(', ')}.`);
  }
  return CASE_RUNNERS[name as CaseTestName];
}
