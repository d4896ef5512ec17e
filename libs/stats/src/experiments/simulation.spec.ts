import { describe, expect, it } from 'vitest';
import { binomialSampler, seededUniform } from '../testing/seeded-random';
import { twoProportionZ } from '../tests/two-proportion-z';
import { detectablePower, requiredSampleSize } from './sample-size';
import { sequentialTTest } from './sequential-t';

const ALPHA = 0.05;
const EXPERIMENTS = 2000;
const LOOK_EVERY = 200; // units per look, split evenly between the two arms
const HORIZON = 10000;
const BASELINE = 0.1;

/** One-sided 99 % upper Monte-Carlo margin on a rejection rate near α over `EXPERIMENTS` runs. */
const mcError = (rate: number, runs: number): number => 2.326 * Math.sqrt((rate * (1 - rate)) / runs);

describe('A/A experiments analysed every 200 units up to 10 000 (seeded)', () => {
  // Conversions per arm grow by Binomial(100, 0.1) per look: the sufficient statistics, not events.
  const uniform = seededUniform(20261125);
  const increment = binomialSampler(LOOK_EVERY / 2, BASELINE, uniform);
  let sequentialFalsePositives = 0;
  let peekingFalsePositives = 0;
  for (let e = 0; e < EXPERIMENTS; e++) {
    let sa = 0;
    let sb = 0;
    let sequentialRejected = false;
    let peekingRejected = false;
    for (let units = LOOK_EVERY; units <= HORIZON; units += LOOK_EVERY) {
      sa += increment();
      sb += increment();
      const n = units / 2;
      const seq = sequentialTTest({ kind: 'proportion', n, sum: sa }, { kind: 'proportion', n, sum: sb }, { alpha: ALPHA, tuning: 5000 });
      if (seq.error === null && seq.pValue < ALPHA) sequentialRejected = true;
      const z = twoProportionZ({ successes: sa, trials: n }, { successes: sb, trials: n });
      if (z.ok && z.pValue < ALPHA) peekingRejected = true;
    }
    if (sequentialRejected) sequentialFalsePositives++;
    if (peekingRejected) peekingFalsePositives++;
  }
  const sequentialRate = sequentialFalsePositives / EXPERIMENTS;
  const peekingRate = peekingFalsePositives / EXPERIMENTS;

  it(`keeps the sequential test's false-positive rate within α + MC error`, () => {
    console.info(`sequential FPR under peeking: ${sequentialRate.toFixed(4)} (α ${ALPHA}, bound ${(ALPHA + mcError(ALPHA, EXPERIMENTS)).toFixed(4)})`);
    expect(sequentialRate).toBeLessThanOrEqual(ALPHA + mcError(ALPHA, EXPERIMENTS));
  });

  it('shows the fixed-horizon z-test exceeding α under the same peeking', () => {
    console.info(`fixed-horizon z FPR under peeking: ${peekingRate.toFixed(4)} (α ${ALPHA})`);
    expect(peekingRate).toBeGreaterThan(ALPHA + mcError(ALPHA, EXPERIMENTS));
  });
});

describe('power of a true 5 % relative lift at the size the sample-size helper asks for (seeded)', () => {
  it('is at least the promised 80 % (minus MC error) with the fixed-horizon z-test', () => {
    const promised = 0.8;
    const perArm = requiredSampleSize(BASELINE, 0.05, ALPHA, promised);
    const uniform = seededUniform(7);
    const control = binomialSampler(perArm, BASELINE, uniform);
    const treatment = binomialSampler(perArm, BASELINE * 1.05, uniform);
    const runs = 4000;
    let detected = 0;
    for (let e = 0; e < runs; e++) {
      const r = twoProportionZ({ successes: control(), trials: perArm }, { successes: treatment(), trials: perArm });
      if (r.ok && r.pValue < ALPHA && r.statistic > 0) detected++;
    }
    const power = detected / runs;
    console.info(`power at ${perArm} units per arm: ${power.toFixed(4)} (promised ${promised})`);
    expect(detectablePower(perArm, BASELINE, 0.05, ALPHA)).toBeGreaterThanOrEqual(promised);
    expect(power).toBeGreaterThanOrEqual(promised - mcError(promised, runs));
  });
});
