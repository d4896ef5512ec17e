import { describe, expect, it } from 'vitest';
import { FixedWindowThrottlerStorage } from './fixed-window.storage';

describe('FixedWindowThrottlerStorage', () => {
  it('admits `limit` hits per window and key, then blocks until the window ends', async () => {
    let now = 1_000_000;
    const sut = new FixedWindowThrottlerStorage(() => now);
    const hit = (key: string) => sut.increment(key, 60_000, 3, 60_000, 'default');
    expect((await hit('a')).isBlocked).toBe(false);
    expect((await hit('a')).isBlocked).toBe(false);
    expect(await hit('a')).toEqual({ totalHits: 3, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 15_000;
    expect(await hit('a')).toEqual({ totalHits: 4, timeToExpire: 45, isBlocked: true, timeToBlockExpire: 45 });
    expect((await hit('b')).isBlocked).toBe(false);
    now += 45_000;
    expect(await hit('a')).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });
});
