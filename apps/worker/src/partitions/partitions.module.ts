import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EventPartitions } from '@modelgate/persistence';
import { PartitionsProcessor } from './partitions.processor';
import { PARTITIONS_QUEUE } from './partitions.queue';
import { PartitionsScheduler } from './partitions.scheduler';

/** The bounded event store: daily partitions created ahead, expired ones dropped (issue 14). */
@Module({
  imports: [BullModule.registerQueue({ name: PARTITIONS_QUEUE })],
  providers: [EventPartitions, PartitionsProcessor, PartitionsScheduler],
})
export class PartitionsModule {}
