import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './fixed-window.limiter';

describe('FixedWindowLimiter', () => {
  it('admits `limit` hits per window and key, then refuses until the window ends', () => {
    const sut = new FixedWindowLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => sut.hit('a', t0).allowed)).toEqual([true, true, true]);
    expect(sut.hit('a', t0 + 15_000)).toEqual({ allowed: false, resetSeconds: 45 });
    expect(sut.hit('b', t0 + 15_000)).toEqual({ allowed: true, resetSeconds: 60 });
    expect(sut.hit('a', t0 + 60_000)).toEqual({ allowed: true, resetSeconds: 60 });
  });
});
