import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaChanceToWin, normalChanceToWin } from './chance-to-win';
import { propertyRuns } from '../testing/property-runs';

describe('betaChanceToWin', () => {
  it('is ½ for identical arms and 1 − P(a > b) when the arms swap, integer or not', () => {
    const arm = fc.integer({ min: 2, max: 3000 }).chain((trials) => fc.record({ trials: fc.constant(trials), successes: fc.integer({ min: 0, max: trials }) }));
    const prior = fc.constantFrom({ alpha: 1, beta: 1 }, { alpha: 0.5, beta: 0.5 }, { alpha: 2.5, beta: 7.5 });
    fc.assert(
      fc.property(arm, arm, prior, (a, b, p) => {
        const ab = betaChanceToWin(a, b, p);
        const ba = betaChanceToWin(b, a, p);
        const aa = betaChanceToWin(a, a, p);
        return ab.ok && ba.ok && aa.ok && Math.abs(ab.probability + ba.probability - 1) < 1e-7 && Math.abs(aa.probability - 0.5) < 1e-7;
      }),
      propertyRuns(60),
    );
  });

  it('grows with the treatment successes', () => {
    const p = (s: number): number => {
      const r = betaChanceToWin({ successes: 30, trials: 400 }, { successes: s, trials: 400 });
      return r.ok ? r.probability : Number.NaN;
    };
    expect(p(25)).toBeLessThan(p(30));
    expect(p(30)).toBeLessThan(p(40));
  });
});

describe('normalChanceToWin', () => {
  it('is Φ(Δ/se): a lift of exactly 1.96 standard errors wins with 0.975', () => {
    const se = Math.sqrt(4 / 100 + 4 / 100);
    const r = normalChanceToWin({ n: 100, mean: 10, sd: 2 }, { n: 100, mean: 10 + 1.959963984540054 * se, sd: 2 });
    expect(r.ok && r.probability).toBeCloseTo(0.975, 12);
  });
});
