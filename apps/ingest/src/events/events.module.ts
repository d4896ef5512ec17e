import { Module } from '@nestjs/common';
import { eventIngestorProvider } from '@modelgate/ingest';
import { EventsConsumer } from './events.consumer';

/** Kafka → PostgreSQL: the prediction and outcome topics, consumed as one group. */
@Module({ providers: [eventIngestorProvider, EventsConsumer] })
export class EventsModule {}
