import { z } from 'zod';
import { decisionActions } from '../decisions/decision.schema';

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(2_000);

/** A subscription: where to POST which decisions. Empty filters match every decision. */
export const createWebhookSchema = z
  .strictObject({
    url: httpUrl,
    deploymentIds: z.array(z.uuid()).max(1_000).default([]),
    models: z.array(z.string().min(1).max(200)).max(1_000).default([]),
    actions: z.array(z.enum(decisionActions)).max(decisionActions.length).default([]),
  })
  .meta({ example: { url: 'https://deploy.example.com/modelgate', models: ['animal-classifier'], actions: ['promote', 'rollback'] } });
export type CreateWebhook = z.infer<typeof createWebhookSchema>;

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  deploymentIds: z.array(z.string()),
  models: z.array(z.string()),
  actions: z.array(z.string()),
  /** `disabled` after the receiver answered 410 Gone, or once deleted. */
  state: z.enum(['active', 'disabled']),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** The answer to a creation: the only time the signing secret is shown. */
export const createdWebhookSchema = webhookSchema.extend({
  /** Standard Webhooks secret (`whsec_` + base64): verify every delivery with it. */
  secret: z.string(),
});
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const deliveryStates = ['pending', 'delivered', 'failed', 'gone'] as const;

/** One decision's delivery to one subscription (an outbox row). */
export const webhookDeliverySchema = z.object({
  id: z.string(),
  /** Also the `webhook-id` header: receivers dedupe on it. */
  decisionId: z.uuid(),
  deploymentId: z.string().nullable(),
  action: z.string(),
  state: z.enum(deliveryStates),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  state: z.enum(deliveryStates).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;
