function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Median wall times in milliseconds of `subject` and `reference`, run alternately `runs` times each
 * after a warm-up, so that load on the machine weighs on both alike and the ratio stays meaningful.
 */
export function interleavedMedians(subject: () => unknown, reference: () => unknown, runs: number): { subject: number; reference: number } {
  for (let i = 0; i < 3; i++) {
    subject();
    reference();
  }
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < runs; i++) {
    s.push(timeMs(subject));
    r.push(timeMs(reference));
  }
  return { subject: median(s), reference: median(r) };
}

/** Fixed-width number for the report lines. */
export const ms = (v: number): string => `${v.toFixed(1)} ms`;
