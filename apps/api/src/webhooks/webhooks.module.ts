import { Module } from '@nestjs/common';
import { WebhookSubscriptionRepository } from '@modelgate/persistence';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions: who hears which decisions. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookSubscriptionRepository, WebhooksService],
})
export class WebhooksModule {}
