/** The outcome of one request against its key's budget. */
export interface LimitDecision {
  allowed: boolean;
  /** Seconds until the key's window ends and its budget is whole again. */
  resetSeconds: number;
}

/**
 * Per-key fixed-window request counters, in memory (one replica's view): O(1) per request and
 * synchronous. A fixed window admits at most `limit` per window, so up to 2 × limit across a
 * window boundary. The clock is an argument.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; hits: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  hit(key: string, now: number): LimitDecision {
    let window = this.windows.get(key);
    if (window === undefined || now >= window.start + this.windowMs) {
      if (this.windows.size >= 100_000) this.evictExpired(now);
      window = { start: now, hits: 0 };
      this.windows.set(key, window);
    }
    window.hits++;
    return { allowed: window.hits <= this.limit, resetSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) };
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) if (now >= window.start + this.windowMs) this.windows.delete(key);
  }
}
