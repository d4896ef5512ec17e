/**
 * Event-time alignment of a consumer's topics, as Kafka Streams picks the earliest record of its
 * inputs: a batch of a following topic waits while a partition of the leading topic (of this
 * member) still holds messages timestamped before the batch's first one. What waits is never
 * handled out of order within its partition, nor lost: its partition is paused and the batch
 * fetched again once resumed. Kept free of kafkajs, so that the rule reads (and is tested) alone.
 */
export class TopicAlignment {
  /** The leading topic's partitions of this member: handled through which timestamp, whether that reached their end, and whether a batch of theirs was handed. */
  private readonly leading = new Map<number, { through: number; atEnd: boolean; handed: boolean }>();
  /** Following partitions waiting, by key: since when, for messages from which timestamp on, and how to resume them. */
  private readonly waiting = new Map<string, { since: number; firstTimestamp: number; resume?: () => void }>();

  constructor(
    /** Bounds a wait, so that a following topic advances (a batch per bound) even behind a stuck leading partition. */
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The group assigned this member `partitions` of the leading topic: each is behind until a batch of
   * it is handled or it is found to hold nothing unread. What waited under the last assignment goes.
   */
  assigned(partitions: readonly number[]): void {
    this.leading.clear();
    for (const partition of partitions) this.leading.set(partition, { through: -Infinity, atEnd: false, handed: false });
    for (const waiting of this.waiting.values()) waiting.resume?.();
    this.waiting.clear();
  }

  /** A leading partition was found to hold nothing unread (the group's committed offset at its end), unless a batch of it came since. */
  leadingAtEnd(partition: number): void {
    const state = this.leading.get(partition);
    if (state === undefined || state.handed) return;
    state.atEnd = true;
    this.release();
  }

  /** A leading batch was handed to its handler: its partition is behind until the batch is handled. */
  leadingStarted(partition: number): void {
    const state = this.leading.get(partition);
    if (state) Object.assign(state, { atEnd: false, handed: true });
    else this.leading.set(partition, { through: -Infinity, atEnd: false, handed: true });
  }

  /** A leading batch was handled; `atEnd`: its last message was the partition's last when fetched. */
  leadingHandled(partition: number, lastTimestamp: number, atEnd: boolean): void {
    this.leading.set(partition, { through: lastTimestamp, atEnd, handed: true });
    this.release();
  }

  /**
   * Whether the batch of following partition `key` whose first message is timestamped `firstTimestamp`
   * must wait. When it must, the caller pauses the partition and hands its resume to `waitWith`.
   */
  mustWait(key: string, firstTimestamp: number): boolean {
    const waiting = this.waiting.get(key);
    if (!this.behind(firstTimestamp) || (waiting !== undefined && this.now() - waiting.since >= this.maxWaitMs)) {
      this.waiting.delete(key);
      return false;
    }
    // The first wait of a batch starts its clock; a batch resumed and fetched again keeps it.
    if (waiting === undefined) {
      this.waiting.set(key, { since: this.now(), firstTimestamp });
      setTimeout(() => this.release(), this.maxWaitMs).unref();
    }
    return true;
  }

  /** Records how to resume the partition that `mustWait` held. */
  waitWith(key: string, resume: () => void): void {
    const waiting = this.waiting.get(key);
    if (waiting) waiting.resume = resume;
  }

  /** Whether some leading partition still holds messages timestamped before `timestamp`. */
  private behind(timestamp: number): boolean {
    for (const { through, atEnd } of this.leading.values()) if (!atEnd && through < timestamp) return true;
    return false;
  }

  /** Resumes every waiting partition that is no longer behind, or has waited its bound: its batch is fetched again. */
  private release(): void {
    for (const waiting of this.waiting.values()) {
      if (waiting.resume === undefined) continue;
      if (this.now() - waiting.since >= this.maxWaitMs || !this.behind(waiting.firstTimestamp)) {
        waiting.resume();
        waiting.resume = undefined;
      }
    }
  }
}
