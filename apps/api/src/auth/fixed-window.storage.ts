import type { ThrottlerStorage } from '@nestjs/throttler';

interface ThrottlerRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Fixed-window counters for @nestjs/throttler: O(1) per request. The package's default storage
 * keeps one expiry timestamp per hit and filters them on every request, which costs O(hits in the
 * window) and collapsed /v1/assign's throughput at thousands of requests a second. A fixed window
 * admits at most `limit` per window (so up to 2 × limit across a window boundary).
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, { start: number; hits: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerRecord> {
    const now = this.now();
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (window === undefined || now >= window.start + ttl) {
      if (this.windows.size > 100_000) this.evictExpired(now, ttl);
      window = { start: now, hits: 0 };
      this.windows.set(id, window);
    }
    window.hits++;
    const timeToExpire = Math.max(1, Math.ceil((window.start + ttl - now) / 1000));
    const isBlocked = window.hits > limit;
    return { totalHits: window.hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  private evictExpired(now: number, ttl: number): void {
    for (const [id, window] of this.windows) if (now >= window.start + ttl) this.windows.delete(id);
  }
}
