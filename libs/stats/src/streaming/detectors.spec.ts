import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../testing/seeded-random';
import { Adwin } from './adwin';
import { Ddm } from './ddm';
import { type StreamingDetector, scanStream } from './detector';
import { PageHinkley } from './page-hinkley';

const N = 100_000;
const BASE_ERROR = 0.1;

function errorStream(seed: number, segments: readonly [rate: number, length: number][]): number[] {
  const u = seededUniform(seed);
  return segments.flatMap(([rate, length]) => Array.from({ length }, () => (u() < rate ? 1 : 0)));
}

const detectors: [string, () => StreamingDetector][] = [
  ['DDM', () => new Ddm()],
  ['ADWIN', () => new Adwin()],
  ['Page–Hinkley', () => new PageHinkley()],
];

describe.each(detectors)('%s on an error-rate stream (seeded)', (_name, make) => {
  it('flags an abrupt change from 10 % to 30 % errors within 400 updates', () => {
    // Alarms before the change are the false-alarm tests' business; here only the delay counts.
    const { drifts } = scanStream(make(), errorStream(11, [[BASE_ERROR, 5000], [0.3, 5000]]));
    const first = drifts.find((i) => i >= 5000);
    expect(first).toBeDefined();
    expect(first! - 5000).toBeLessThan(400);
  });
});

describe('false alarms on 100 000 stationary errors (10 %), default settings (seeded)', () => {
  const stream = errorStream(12, [[BASE_ERROR, N]]);

  it('ADWIN: at most δ per test, i.e. δ·N/clock = 6.25 (Bifet & Gavaldà 2007, Thm 3.1)', () => {
    expect(scanStream(new Adwin(), stream).drifts.length).toBeLessThanOrEqual((0.002 * N) / 32);
  });

  it('DDM: at most the 3σ level, 1 − Φ(3) of the updates (Gama et al. 2004, §3)', () => {
    expect(scanStream(new Ddm(), stream).drifts.length).toBeLessThanOrEqual(N * (1 - normalCdf(3, 0, 1)));
  });

  it('Page–Hinkley: at most 2N·exp(−2δλ/σ²), the Wald bound on a two-sided CUSUM run length', () => {
    const sigma2 = BASE_ERROR * (1 - BASE_ERROR);
    const bound = (2 * N) / Math.exp((2 * 0.005 * 50) / sigma2);
    expect(scanStream(new PageHinkley(), stream).drifts.length).toBeLessThanOrEqual(bound);
  });
});

describe('detector state', () => {
  it('DDM stays silent during its warm start, even on all errors', () => {
    const { warnings, drifts } = scanStream(new Ddm({ warmStart: 30 }), Array.from({ length: 30 }, () => 1));
    expect([warnings, drifts]).toEqual([[], []]);
  });

  it('Page–Hinkley in mode "up" ignores a drop that mode "down" flags', () => {
    const stream = [...Array.from({ length: 200 }, () => 5), ...Array.from({ length: 200 }, () => 0)];
    expect(scanStream(new PageHinkley({ mode: 'up' }), stream).drifts).toEqual([]);
    expect(scanStream(new PageHinkley({ mode: 'down' }), stream).drifts.length).toBeGreaterThan(0);
  });
});
