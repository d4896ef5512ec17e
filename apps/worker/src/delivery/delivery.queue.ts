import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { DueRow } from '@modelgate/persistence';
import type { JobsOptions, Queue } from 'bullmq';

export const DELIVERY_QUEUE = 'delivery';
export interface DeliveryJob {
  /** An outbox row: the job drains its line (DeliveryService.deliver). */
  id: string;
}

const OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: 1_000,
  // A job fails only on an infrastructure fault (the database away); the reconciler is the last resort.
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
};

/**
 * Enqueues outbox rows. The job id names the row and its attempt, so the reconciler, a notification
 * and a scheduled retry of the same attempt collapse into one job; `tag` separates the hand-offs
 * that may arrive while that job is still running (a re-check when early, a line handed back).
 * A duplicate job is harmless: the lease on the line decides (OutboxRepository.claim).
 */
@Injectable()
export class DeliveryQueue {
  private woken: string[] = [];
  private flush: Promise<void> | null = null;

  constructor(@InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<DeliveryJob>) {}

  async enqueue(row: DueRow, tag = ''): Promise<void> {
    await this.queue.add('deliver', { id: row.id }, { ...OPTIONS, jobId: `${row.id}-${row.attempts}${tag}`, delay: row.delayMs });
  }

  /** A new row, due now: the rows notified in one turn of the event loop go to Redis in one call. */
  wake(id: string): Promise<void> {
    this.woken.push(id);
    this.flush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const ids = this.woken;
      this.woken = [];
      this.flush = null;
      await this.queue.addBulk(ids.map((rowId) => ({ name: 'deliver', data: { id: rowId }, opts: { ...OPTIONS, jobId: `${rowId}-0` } })));
    });
    return this.flush;
  }
}
