import type { GbstatsError } from './effect-moments';

/**
 * A frequentist effect estimate in gbstats' shape. When `error` is set the numbers are gbstats'
 * default output (expected 0, ci (0, 0), p 1, se 0): they must not be read as a measurement.
 */
export interface EffectEstimate {
  readonly expected: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly pValue: number;
  readonly standardError: number;
  readonly error: GbstatsError | null;
}

export function voidEstimate(error: GbstatsError): EffectEstimate {
  return { expected: 0, ciLower: 0, ciUpper: 0, pValue: 1, standardError: 0, error };
}
