import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DriftSchedulerService } from './drift-scheduler.service';
import { DriftProcessor } from './drift.processor';
import { DRIFT_QUEUE } from './drift.queue';

/** Drift watch: a scheduled tick per monitor (issue 12). */
@Module({
  imports: [BullModule.registerQueue({ name: DRIFT_QUEUE })],
  providers: [DriftProcessor, DriftSchedulerService],
})
export class DriftModule {}
