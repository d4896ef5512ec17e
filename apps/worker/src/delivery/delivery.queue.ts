import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { DueRow } from '@modelgate/persistence';
import type { Queue } from 'bullmq';

export const DELIVERY_QUEUE = 'delivery';
export interface DeliveryJob {
  id: string;
}

/**
 * Enqueues outbox rows. The job id names the row and its attempt, so the reconciler, a notification
 * and a scheduled retry of the same attempt collapse into one job; `tag` separates the hand-offs
 * that may arrive while that job is still running (the next row in line, a re-check when early).
 * A duplicate job is harmless: the row lock and its state decide (OutboxRepository.attempt).
 */
@Injectable()
export class DeliveryQueue {
  constructor(@InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<DeliveryJob>) {}

  async enqueue(row: DueRow, tag = ''): Promise<void> {
    await this.queue.add(
      'deliver',
      { id: row.id },
      {
        jobId: `${row.id}-${row.attempts}${tag}`,
        delay: row.delayMs,
        removeOnComplete: true,
        removeOnFail: 1_000,
        // A job fails only on an infrastructure fault (the database away); the reconciler is the last resort.
        attempts: 5,
        backoff: { type: 'exponential', delay: 1_000 },
      },
    );
  }
}
