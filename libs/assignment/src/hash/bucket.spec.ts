import { x86 } from 'murmurhash3js-revisited';
import { describe, expect, it } from 'vitest';
import { chiSquareCritical, chiSquareStatistic } from '../testing/chi-square';
import { bucketCount, bucketOf } from './bucket';

const encoder = new TextEncoder();
/** The spec's formula computed with an independent byte-array MurmurHash3 implementation. */
const referenceBucket = (salt: string, unitId: string): number => x86.hash32(encoder.encode(`${salt}:${unitId}`), 0) % 10_000;

describe('bucketOf', () => {
  it.each([
    ['animal-classifier-v2', 'user-4217'],
    ['animal-classifier-v2', 'user-88'],
    ['animal-classifier-v2/ab', 'user-4217'],
    ['koala', 'Zoë'],
    ['', ''],
  ])('bucket of %j:%j matches the spec formula', (salt, unit) => {
    expect(bucketOf(salt, unit)).toBe(referenceBucket(salt, unit));
  });

  // The vectors published in libs/assignment/README.md (computed with murmurhash3js-revisited).
  it.each([
    ['animal-classifier-v2', 'user-4217', 402],
    ['animal-classifier-v2', 'user-88', 7193],
    ['animal-classifier-v2/ab', 'user-4217', 6679],
    ['animal-classifier-v2/request', 'req-7', 9052],
    ['koala', 'Zoë', 3597],
    ['koala', '🐨', 247],
  ])('README vector: bucket of %j:%j is %d', (salt, unit, expected) => {
    expect(bucketOf(salt, unit)).toBe(expected);
  });

  it('spreads 10^6 ids uniformly over 10 000 buckets (χ² at p = 0.001)', () => {
    const n = 1_000_000;
    const counts = new Uint32Array(bucketCount);
    for (let i = 0; i < n; i++) counts[bucketOf('uniformity', `unit-${i}`)]!++;
    const chi2 = chiSquareStatistic(counts, new Float64Array(bucketCount).fill(n / bucketCount));
    expect(chi2).toBeLessThan(chiSquareCritical(bucketCount - 1, 3.0902));
    // A degenerate hash (all ids in few buckets) fails the test above; a too-perfect one this.
    expect(chi2).toBeGreaterThan(chiSquareCritical(bucketCount - 1, -3.0902));
  });
});
