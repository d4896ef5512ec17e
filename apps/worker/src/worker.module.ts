import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PersistenceModule } from '@modelgate/persistence';
import { type AppConfig, PlatformModule } from '@modelgate/platform';
import { AnalysisModule } from './analysis/analysis.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DriftModule } from './drift/drift.module';
import { PartitionsModule } from './partitions/partitions.module';

/** BullMQ processors: analysis ticks, decision delivery, the outbox reconciler, event partitions. */
@Module({
  imports: [
    PlatformModule.forApp('worker'),
    PersistenceModule,
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        connection: { url: config.get('REDIS_URL', { infer: true }) },
        prefix: 'modelgate',
      }),
    }),
    AnalysisModule,
    DeliveryModule,
    DriftModule,
    PartitionsModule,
  ],
})
export class WorkerModule {}
