import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  type CreatedWebhook,
  type CreateWebhook,
  createdWebhookSchema,
  createWebhookSchema,
  type ListDeliveriesQuery,
  listDeliveriesQuerySchema,
  type Webhook,
  type WebhookDelivery,
  webhookDeliverySchema,
  webhookSchema,
} from '@modelgate/contracts';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { WebhooksService } from './webhooks.service';

const idParam = new ZodValidationPipe(z.uuid());
const deliveryIdParam = new ZodValidationPipe(z.string().regex(/^[1-9]\d{0,17}$/, 'a delivery id (digits)'));

/** Webhook subscriptions (Standard Webhooks) and their deliveries: admin or operator. */
@Controller('v1/webhooks')
@Roles('operator')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperationFrom({ summary: 'Subscribe a URL to decisions (the secret is shown once)', body: createWebhookSchema, response: createdWebhookSchema, status: 201, roles: ['operator'] })
  create(@Body(new ZodValidationPipe(createWebhookSchema)) body: CreateWebhook, @Req() request: AuthenticatedRequest): Promise<CreatedWebhook> {
    return this.webhooks.create(body, request.principal?.keyId ?? null);
  }

  @Get()
  @ApiOperationFrom({ summary: 'List webhook subscriptions (without secrets)', response: z.array(webhookSchema), roles: ['operator'] })
  list(): Promise<Webhook[]> {
    return this.webhooks.list();
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperationFrom({ summary: 'Delete a subscription; its pending deliveries are not sent', response: webhookSchema, roles: ['operator'] })
  delete(@Param('id', idParam) id: string): Promise<Webhook> {
    return this.webhooks.delete(id);
  }

  @Get(':id/deliveries')
  @ApiOperationFrom({ summary: "A subscription's deliveries, newest first", response: z.array(webhookDeliverySchema), roles: ['operator'] })
  deliveries(@Param('id', idParam) id: string, @Query(new ZodValidationPipe(listDeliveriesQuerySchema)) query: ListDeliveriesQuery): Promise<WebhookDelivery[]> {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(200)
  @ApiOperationFrom({ summary: 'Retry a failed delivery by hand (a fresh retry budget)', response: webhookDeliverySchema, roles: ['operator'] })
  retry(@Param('id', idParam) id: string, @Param('deliveryId', deliveryIdParam) deliveryId: string): Promise<WebhookDelivery> {
    return this.webhooks.retry(id, deliveryId);
  }
}
