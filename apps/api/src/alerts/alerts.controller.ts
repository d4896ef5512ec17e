import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { type AlertmanagerPayload, alertmanagerPayloadSchema, type AlertmanagerResult, alertmanagerResultSchema } from '@modelgate/contracts';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { AlertsService } from './alerts.service';

/** Alertmanager's webhook receiver (`http_config.authorization` carries the key as a bearer token). */
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post('alertmanager')
  @HttpCode(200)
  @Roles('operator', 'gate')
  @ApiOperationFrom({
    summary: 'Alertmanager webhook (payload v4): a firing alert rolls back the live deployment it names; resolved alerts are recorded',
    body: alertmanagerPayloadSchema,
    response: alertmanagerResultSchema,
    roles: ['operator', 'gate'],
  })
  receive(@Body(new ZodValidationPipe(alertmanagerPayloadSchema)) payload: AlertmanagerPayload, @Req() request: AuthenticatedRequest): Promise<AlertmanagerResult> {
    return this.alerts.receive(payload, request.principal!.keyId);
  }
}
