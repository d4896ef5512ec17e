/**
 * What one check of an analysis asks for. Ranked: the worst check decides (Argo Rollouts'
 * `worst()` over analysis phases, utils/analysis/helpers.go). `failure` counts toward the failure
 * limit (an absolute threshold breached); `rollback` is significant harm, acted on at once.
 */
export type Outcome = 'pass' | 'hold' | 'failure' | 'rollback';

const RANK: Record<Outcome, number> = { pass: 0, hold: 1, failure: 2, rollback: 3 };

export interface Check {
  readonly outcome: Outcome;
  /** Words quoting the numbers, without the action. */
  readonly reason: string;
  /** The hold comes from an interval that still straddles its boundary (counts toward the inconclusive limit). */
  readonly inconclusive?: boolean;
}

/** The highest-ranked check; among equals the first, so callers list checks in order of importance. */
export function worst(checks: readonly Check[]): Check {
  let result: Check = { outcome: 'pass', reason: 'no check applied' };
  let first = true;
  for (const check of checks) {
    if (first || RANK[check.outcome] > RANK[result.outcome]) result = check;
    first = false;
  }
  return result;
}
