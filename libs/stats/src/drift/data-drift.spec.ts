import { describe, expect, it } from 'vitest';
import { seededNormal, seededUniform } from '../testing/seeded-random';
import { psiFromReference } from './binned-psi';
import { chooseDriftMethod, dataDrift } from './data-drift';

const normal = seededNormal(seededUniform(3));
const draw = (n: number, shift = 0): number[] => Array.from({ length: n }, () => normal() + shift);

describe('chooseDriftMethod (Evidently default rule)', () => {
  it.each([
    [500, 'num', 6, 'ks'],
    [500, 'num', 5, 'chisquare'],
    [500, 'num', 3, 'chisquare'],
    [500, 'num', 2, 'z'],
    [500, 'cat', 3, 'chisquare'],
    [500, 'cat', 2, 'z'],
    [1000, 'num', 100, 'ks'],
    [1001, 'num', 6, 'wasserstein'],
    [1001, 'num', 5, 'jensenshannon'],
    [1001, 'cat', 40, 'jensenshannon'],
  ] as const)('reference %i, %s, %i distinct values → %s', (size, type, distinct, method) => {
    expect(chooseDriftMethod(size, type, distinct).method).toBe(method);
  });
});

describe('dataDrift', () => {
  it('says which method ran, why, and whether its score is a p-value or a distance', () => {
    const r = dataDrift(draw(300), draw(300, 1), 'num');
    expect(r).toMatchObject({ ok: true, method: 'ks', scoreKind: 'p_value', driftDetected: true });
    expect(r.ok && r.why).toMatch(/distinct values > 5/);
  });

  it('does not flag a sample against itself, and flags a one-sd shift with the Wasserstein distance', () => {
    const reference = draw(5000);
    expect(dataDrift(reference, [...reference], 'num')).toMatchObject({ method: 'wasserstein', score: 0, driftDetected: false });
    expect(dataDrift(reference, draw(5000, 1), 'num')).toMatchObject({ method: 'wasserstein', scoreKind: 'distance', driftDetected: true });
  });

  it('takes a per-feature override and its threshold', () => {
    const r = dataDrift(draw(3000), draw(3000, 0.05), 'num', { method: 'ks', threshold: 1e-9 });
    expect(r).toMatchObject({ ok: true, method: 'ks', threshold: 1e-9, driftDetected: false });
    expect(r.ok && r.why).toMatch(/set for this feature/);
  });

  it('bins a many-valued numerical feature by Sturges for a forced Jensen–Shannon, as Evidently', () => {
    const reference = Array.from({ length: 300 }, (_, i) => ((i * 37) % 101) / 10);
    const current = Array.from({ length: 250 }, (_, i) => ((i * 53) % 97) / 9);
    // NumPy histogram_bin_edges(bins='sturges') (11 bins) + SciPy jensenshannon on the shares.
    expect(dataDrift(reference, current, 'num', { method: 'jensenshannon' })).toMatchObject({ score: expect.closeTo(0.07826215227250341, 14) });
  });

  it('refuses a numerical-only method on a categorical feature', () => {
    expect(dataDrift(['a', 'b'], ['a'], 'cat', { method: 'wasserstein' })).toMatchObject({ ok: false, reason: 'invalid_input' });
  });

  it('flags a category never seen in the reference with χ²', () => {
    const reference = Array.from({ length: 300 }, (_, i) => ['cat', 'dog', 'fox'][i % 3]!);
    const current = [...reference.slice(0, 270), ...Array.from({ length: 30 }, () => 'koala')];
    expect(dataDrift(reference, current, 'cat')).toMatchObject({ method: 'chisquare', score: 0, driftDetected: true });
  });
});

describe('psiFromReference', () => {
  it('is 0 for the same sample and above the 0.25 "major shift" level for a one-sd shift', () => {
    const reference = draw(10000);
    expect(psiFromReference(reference, reference)).toMatchObject({ ok: true, distance: 0 });
    const shifted = psiFromReference(reference, draw(10000, 1));
    expect(shifted.ok && shifted.distance).toBeGreaterThan(0.25);
  });
});
