import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { OutboxRepository } from '@modelgate/persistence';
import { DeliveryMetrics } from './delivery.metrics';
import { DeliveryProcessor } from './delivery.processor';
import { DELIVERY_QUEUE, DeliveryQueue } from './delivery.queue';
import { DeliveryService } from './delivery.service';
import { OutboxReconciler } from './outbox.reconciler';

/** Decision delivery: the outbox to webhooks and the `modelgate.decisions` topic, in order, until acknowledged. */
@Module({
  imports: [BullModule.registerQueue({ name: DELIVERY_QUEUE })],
  providers: [OutboxRepository, DeliveryQueue, DeliveryMetrics, DeliveryService, DeliveryProcessor, OutboxReconciler],
})
export class DeliveryModule {}
