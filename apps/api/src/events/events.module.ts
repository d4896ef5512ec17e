import { Module } from '@nestjs/common';
import { eventIngestorProvider } from '@modelgate/ingest';
import { EventsController } from './events.controller';

/** `POST /v1/events`: HTTP ingest through the same path as the Kafka consumer. */
@Module({ controllers: [EventsController], providers: [eventIngestorProvider] })
export class EventsModule {}
