import type { NotOk } from './reasons';

/** Which tail of a method's statistic is tested; each method states its direction, as SciPy does. */
export type Alternative =
  /** Both tails: a difference in either direction. */
  | 'two-sided'
  /** The lower tail (e.g. Welch: mean a < mean b; KS: a's CDF below b's somewhere). */
  | 'less'
  /** The upper tail (e.g. Welch: mean a > mean b; KS: a's CDF above b's somewhere). */
  | 'greater';

/**
 * A hypothesis test's result. `statistic` is the test statistic, `pValue` the probability under
 * the null of a statistic at least as extreme (a `p_value` score: smaller means more evidence),
 * `effect` the estimated difference on the method's natural scale (documented per method).
 */
export type TestResult<Extra extends object = object> =
  | ({ readonly ok: true; readonly statistic: number; readonly pValue: number; readonly effect: number } & Extra)
  | NotOk;

/** A distance between two distributions: a `distance` score, larger means more different. */
export type DistanceResult = { readonly ok: true; readonly distance: number } | NotOk;
