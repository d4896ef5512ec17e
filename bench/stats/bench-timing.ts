/** Median wall time in milliseconds of `runs` calls of `fn`, after `warmup` untimed calls. */
export function medianMs(fn: () => unknown, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Fixed-width number for the report lines. */
export const ms = (v: number): string => `${v.toFixed(1)} ms`;
