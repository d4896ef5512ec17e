import { murmur3Utf8 } from './murmur3';

/** Buckets per deployment: shares are in basis points, so 1 bucket = 0.01 %. */
export const bucketCount = 10_000;

/**
 * The bucket of a unit under a salt: `murmur3_x86_32(utf8(salt + ":" + unitId), seed 0) mod 10000`
 * (design.md, "Cohort assignment"; Unleash's `normalizedValue` uses the same construction).
 * @example bucketOf('animal-classifier-canary', 'user-4217') // a number in [0, 10000)
 */
export function bucketOf(salt: string, unitId: string): number {
  return murmur3Utf8(salt + ':' + unitId, 0) % bucketCount;
}
