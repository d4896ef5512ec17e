/**
 * Why a method returned no result. Every not-ok result carries exactly one of these codes, so a
 * caller (a decision policy, a report) can act on it without parsing prose.
 */
export type Reason =
  /** A sample or an arm has no observations. */
  | 'empty_sample'
  /** There are fewer observations than the method needs (e.g. n < 2 for a variance). */
  | 'too_few_observations'
  /** A variance is zero or negative, so no standard error exists. */
  | 'zero_variance'
  /** The baseline mean is zero, so a relative lift is undefined. */
  | 'baseline_mean_zero'
  /** An expected frequency is zero, so the χ² statistic is undefined. */
  | 'zero_expected_frequency'
  /** Inputs are inconsistent (lengths differ, proportions do not sum to 1, counts negative …). */
  | 'invalid_input'
  /** The analysis ran but has not yet seen the minimum sample it needs. */
  | 'below_minimum_sample';

/** The not-ok half of every result union: a reason code and a sentence saying what to do next. */
export interface NotOk {
  readonly ok: false;
  readonly reason: Reason;
  readonly detail: string;
}

/** Builds a not-ok result. */
export function notOk(reason: Reason, detail: string): NotOk {
  return { ok: false, reason, detail };
}
