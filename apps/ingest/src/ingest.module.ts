import { Module } from '@nestjs/common';
import { PersistenceModule } from '@modelgate/persistence';
import { PlatformModule } from '@modelgate/platform';
import { EventsModule } from './events/events.module';

/** The Kafka consumer: validate → persist idempotently → commit; dead letters. */
@Module({
  imports: [PlatformModule.forApp('ingest'), PersistenceModule, EventsModule],
})
export class IngestModule {}
