import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@modelgate/platform';
import { DataSource } from 'typeorm';
import { EventIngestor } from './event-ingestor';

/** The one EventIngestor of an app (ingest's consumer, the api's `POST /v1/events`), from its configuration. */
export const eventIngestorProvider: Provider = {
  provide: EventIngestor,
  inject: [DataSource, ConfigService],
  useFactory: (dataSource: DataSource, config: ConfigService<AppConfig, true>) =>
    new EventIngestor(dataSource, {
      bucketMs: config.get('ROLLUP_BUCKET_SECONDS', { infer: true }) * 1000,
      retentionDays: config.get('EVENT_RETENTION_DAYS', { infer: true }),
    }),
};
