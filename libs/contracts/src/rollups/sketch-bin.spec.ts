import { describe, expect, it } from 'vitest';
import { categoryBin, latencyBin, numericBin, numericBinRange, SKETCH_MAX_INDEX, ZERO_BIN } from './sketch-bin';

/** A seeded linear congruential generator (Numerical Recipes constants), so the specs are reproducible. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
}

describe('numericBin', () => {
  it.each([
    [1, 'p0'],
    [1.05, 'p2'], // 1.04 < 1.05 ≤ 1.0816
    [-0.5, 'm-17'], // 1.04^-18 ≈ 0.4936 < 0.5 ≤ 1.04^-17 ≈ 0.5134
    [0, ZERO_BIN],
    [1e-300, ZERO_BIN],
    [1e300, `p${SKETCH_MAX_INDEX}`],
  ])('puts %d in %s', (x, bin) => {
    expect(numericBin(x)).toBe(bin);
  });

  it('puts every value inside the range its bin stands for', () => {
    const random = seeded(7);
    for (let i = 0; i < 5000; i += 1) {
      const x = (random() < 0.5 ? -1 : 1) * Math.exp((random() - 0.5) * 40);
      const range = numericBinRange(numericBin(x));
      expect(range).toBeDefined();
      expect(x).toBeGreaterThanOrEqual(range!.low * (1 - 1e-12) - 1e-300);
      expect(x).toBeLessThanOrEqual(range!.high * (1 + 1e-12) + 1e-300);
    }
  });

  it('keeps the number of bins bounded whatever the number of values', () => {
    const random = seeded(11);
    const bins = new Set<string>();
    for (let i = 0; i < 200_000; i += 1) bins.add(numericBin((random() - 0.5) * 10 ** ((random() - 0.5) * 80)));
    expect(bins.size).toBeLessThanOrEqual(2 * (2 * SKETCH_MAX_INDEX + 1) + 1);
  });

  it('reads quantiles back within 2 % of the exact quantiles of the raw values (ear length in cm)', () => {
    const random = seeded(3);
    const values = Array.from({ length: 20_000 }, () => 4 + Math.exp(random() * 2)); // koala ears: 5..11.4 cm
    const counts = new Map<string, number>();
    for (const x of values) counts.set(numericBin(x), (counts.get(numericBin(x)) ?? 0) + 1);
    const ordered = [...counts].map(([bin, n]) => ({ value: numericBinRange(bin)!.value, n })).sort((a, b) => a.value - b.value);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
      const rank = Math.floor(q * (values.length - 1));
      let seen = 0;
      const estimate = ordered.find((entry) => (seen += entry.n) > rank)!.value;
      const exact = sorted[rank]!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.02);
    }
  });
});

describe('categoryBin and numericBinRange', () => {
  it('keys categories apart from numbers', () => {
    expect(categoryBin('koala')).toBe('c:koala');
    expect(numericBinRange('c:koala')).toBeUndefined();
  });
});

describe('latencyBin', () => {
  it.each([
    [0, '1'],
    [1, '1'],
    [1.2, '2'],
    [23.4, '50'],
    [10000, '10000'],
    [10000.1, '+Inf'],
  ])('puts %d ms under %s', (ms, bin) => {
    expect(latencyBin(ms)).toBe(bin);
  });
});
