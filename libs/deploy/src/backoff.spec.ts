import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs } from './backoff';

describe('backoffDelay', () => {
  const settings = { baseMs: 1_000, maxMs: 60_000 };
  it.each([
    [0, 0.5, 500],
    [1, 0.5, 1_000],
    [3, 0.999, 7_992],
    [10, 0.5, 30_000],
    [40, 0.25, 15_000],
    [2, 0, 0],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, settings, random)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-11-25T12:00:00Z');
  it.each([
    ['120', 120_000],
    [' 3 ', 3_000],
    ['Tue, 25 Nov 2025 12:00:30 GMT', 30_000],
    ['Tue, 25 Nov 2025 11:00:00 GMT', 0],
    ['soon', null],
    ['', null],
    [null, null],
  ])('%j → %j ms', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});
