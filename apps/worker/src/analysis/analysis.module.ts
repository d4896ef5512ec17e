import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { RolloutStoreModule } from '@modelgate/persistence';
import { ANALYSIS_QUEUE } from './analysis.queue';
import { AnalysisProcessor } from './analysis.processor';
import { AnalysisScheduler } from './analysis.scheduler';

/** Analysis ticks: the schedulers reconciled from PostgreSQL, and the processor that runs them. */
@Module({
  imports: [RolloutStoreModule, BullModule.registerQueue({ name: ANALYSIS_QUEUE })],
  providers: [AnalysisProcessor, AnalysisScheduler],
})
export class AnalysisModule {}
