import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TopicAlignment } from './topic-alignment';

describe('TopicAlignment', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a following batch go when no leading partition was seen, or every one is at its end', () => {
    const alignment = new TopicAlignment(30_000);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(false);
    alignment.leadingStarted(0);
    alignment.leadingHandled(0, 100, true);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(false);
  });

  it('holds a following batch while a leading partition is behind it, and resumes it once handled through its first timestamp', () => {
    const alignment = new TopicAlignment(30_000);
    const resume = vi.fn();
    alignment.leadingStarted(0);
    alignment.leadingStarted(1);
    alignment.leadingHandled(1, 900, true);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(true);
    alignment.waitWith('outcomes/0', resume);
    alignment.leadingHandled(0, 400, false);
    expect(resume).not.toHaveBeenCalled();
    alignment.leadingStarted(0);
    alignment.leadingHandled(0, 500, false);
    expect(resume).toHaveBeenCalledTimes(1);
    // Fetched again, the batch goes.
    expect(alignment.mustWait('outcomes/0', 500)).toBe(false);
  });

  it('holds behind a leading batch still being handled, even of a partition that was at its end', () => {
    const alignment = new TopicAlignment(30_000);
    alignment.leadingStarted(0);
    alignment.leadingHandled(0, 400, true);
    alignment.leadingStarted(0);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(true);
    expect(alignment.mustWait('outcomes/1', 300)).toBe(false);
  });

  it('waits at most maxWaitMs in all, across the fetches of the same batch', () => {
    const alignment = new TopicAlignment(1_000);
    const resume = vi.fn();
    alignment.leadingStarted(0);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(true);
    alignment.waitWith('outcomes/0', resume);
    vi.advanceTimersByTime(600);
    expect(resume).not.toHaveBeenCalled();
    expect(alignment.mustWait('outcomes/0', 500)).toBe(true);
    vi.advanceTimersByTime(400);
    expect(resume).toHaveBeenCalledTimes(1);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(false);
    // The next batch of the partition starts a wait of its own.
    expect(alignment.mustWait('outcomes/0', 600)).toBe(true);
  });

  it('holds behind an assigned leading partition until a batch of it is handled or it is found at its end', () => {
    const alignment = new TopicAlignment(30_000);
    const resume = vi.fn();
    alignment.assigned([0, 1]);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(true);
    alignment.waitWith('outcomes/0', resume);
    alignment.leadingAtEnd(0);
    expect(resume).not.toHaveBeenCalled();
    alignment.leadingHandled(1, 600, false);
    expect(resume).toHaveBeenCalledTimes(1);
  });

  it('keeps a leading partition behind when a batch of it came before the offsets said it was at its end', () => {
    const alignment = new TopicAlignment(30_000);
    alignment.assigned([0]);
    alignment.leadingStarted(0);
    alignment.leadingAtEnd(0);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(true);
  });

  it('lets every waiting batch go on a new assignment, and forgets the leading partitions it does not list', () => {
    const alignment = new TopicAlignment(30_000);
    const resumes = [vi.fn(), vi.fn()];
    alignment.leadingStarted(0);
    for (const [i, resume] of resumes.entries()) {
      expect(alignment.mustWait(`outcomes/${i}`, 500)).toBe(true);
      alignment.waitWith(`outcomes/${i}`, resume);
    }
    alignment.assigned([]);
    for (const resume of resumes) expect(resume).toHaveBeenCalledTimes(1);
    expect(alignment.mustWait('outcomes/0', 500)).toBe(false);
  });
});
