import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PARTITIONS_EVERY_MS, PARTITIONS_JOB, PARTITIONS_QUEUE, PARTITIONS_SCHEDULER_ID } from './partitions.queue';

/** Upserts the hourly maintenance scheduler and runs it once now, so a fresh worker fixes the partitions at start. */
@Injectable()
export class PartitionsScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(PARTITIONS_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    const opts = { removeOnComplete: 100, removeOnFail: 100 };
    await this.queue.upsertJobScheduler(PARTITIONS_SCHEDULER_ID, { every: PARTITIONS_EVERY_MS }, { name: PARTITIONS_JOB, opts });
    await this.queue.add(PARTITIONS_JOB, {}, opts);
  }
}
