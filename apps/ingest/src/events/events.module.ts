import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventIngestor } from '@modelgate/ingest';
import type { AppConfig } from '@modelgate/platform';
import { DataSource } from 'typeorm';
import { EventsConsumer } from './events.consumer';

/** Kafka → PostgreSQL: the prediction and outcome topics, consumed as one group. */
@Module({
  providers: [
    {
      provide: EventIngestor,
      inject: [DataSource, ConfigService],
      useFactory: (dataSource: DataSource, config: ConfigService<AppConfig, true>) =>
        new EventIngestor(dataSource, { bucketMs: config.get('ROLLUP_BUCKET_SECONDS', { infer: true }) * 1000 }),
    },
    EventsConsumer,
  ],
})
export class EventsModule {}
