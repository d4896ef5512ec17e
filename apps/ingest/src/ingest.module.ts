import { Module } from '@nestjs/common';
import { PersistenceModule } from '@modelgate/persistence';
import { PlatformModule } from '@modelgate/platform';

/** The Kafka consumer: validate → persist idempotently → commit; dead letters. */
@Module({
  imports: [PlatformModule.forApp('ingest'), PersistenceModule],
})
export class IngestModule {}
