import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@modelgate/platform';
import type { Job } from 'bullmq';
import { DELIVERY_QUEUE, type DeliveryJob } from './delivery.queue';
import { DeliveryService } from './delivery.service';

/** Runs delivery jobs, `DELIVERY_CONCURRENCY` at once. */
@Processor(DELIVERY_QUEUE)
export class DeliveryProcessor extends WorkerHost implements OnModuleInit {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.get('DELIVERY_CONCURRENCY', { infer: true });
  }

  async process(job: Job<DeliveryJob>): Promise<void> {
    await this.delivery.deliver(job.data.id);
  }
}
