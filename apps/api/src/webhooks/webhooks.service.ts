import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { CreatedWebhook, CreateWebhook, ListDeliveriesQuery, Webhook, WebhookDelivery } from '@modelgate/contracts';
import { WebhookSubscriptionRepository } from '@modelgate/persistence';
import { randomBytes } from 'node:crypto';

/** Webhook subscriptions: the secret is generated here, returned once, and never shown again. */
@Injectable()
export class WebhooksService {
  constructor(private readonly subscriptions: WebhookSubscriptionRepository) {}

  async create(request: CreateWebhook, createdBy: string | null): Promise<CreatedWebhook> {
    // Standard Webhooks secrets are 24–64 random bytes, base64, prefixed `whsec_`.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const row = await this.subscriptions.insert({ ...request, secret, createdBy });
    return { ...row, secret };
  }

  list(): Promise<Webhook[]> {
    return this.subscriptions.list();
  }

  async delete(id: string): Promise<Webhook> {
    return (await this.subscriptions.delete(id)) ?? this.notFound(id);
  }

  async deliveries(id: string, query: ListDeliveriesQuery): Promise<WebhookDelivery[]> {
    if (!(await this.subscriptions.get(id))) this.notFound(id);
    return this.subscriptions.deliveries(id, query.state, query.limit);
  }

  /** A failed delivery, back in line with a fresh retry budget (the worker hears it at once). */
  async retry(id: string, deliveryId: string): Promise<WebhookDelivery> {
    const subscription = await this.subscriptions.get(id);
    if (!subscription) this.notFound(id);
    if (subscription.state !== 'active') {
      throw new ConflictException(`webhook ${id} is disabled (${subscription.disabledReason ?? 'by hand'}): create a new subscription for its receiver`);
    }
    const retried = await this.subscriptions.retry(id, deliveryId);
    if (retried) return retried;
    const delivery = await this.subscriptions.delivery(id, deliveryId);
    if (!delivery) throw new NotFoundException(`webhook ${id} has no delivery ${deliveryId}: list them with GET /v1/webhooks/${id}/deliveries`);
    throw new ConflictException(`delivery ${deliveryId} is ${delivery.state}: only failed or gone deliveries can be retried`);
  }

  private notFound(id: string): never {
    throw new NotFoundException(`no webhook ${id}: list them with GET /v1/webhooks`);
  }
}
