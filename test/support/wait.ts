/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` with
 * the last error seen: tests wait for events, never sleep a fixed time.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 30_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The bound for "a change reaches every process" waits (LISTEN/NOTIFY, caches). It takes tens of
 * milliseconds on an idle machine, but a loaded 2-core CI stalls a process for seconds: tests assert
 * that a change arrives, and print how long it took; they never assert "within 1 s" (issue 9).
 */
export const PROPAGATION_TIMEOUT_MS = 20_000;
