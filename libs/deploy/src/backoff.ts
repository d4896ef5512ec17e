export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base·2^attempt)), so that
 * receivers coming back are not hit by every sender at once (AWS Architecture Blog, "Exponential
 * Backoff And Jitter", 2015). `random` is in [0, 1): injected, so that tests pin it.
 */
export function backoffDelay(attempt: number, settings: BackoffSettings, random: number): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random * ceiling);
}

/**
 * The delay a `Retry-After` header asks for: seconds, or an HTTP date (RFC 9110 §10.2.3); null when
 * absent or unreadable. `now` is the clock, injected.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
