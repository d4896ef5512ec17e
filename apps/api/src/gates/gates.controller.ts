import { Body, Controller, Get, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import {
  type ArgoAnswer,
  argoAnswerSchema,
  type FlaggerAnswer,
  type FlaggerHook,
  flaggerAnswerSchema,
  flaggerHooks,
  type FlaggerLink,
  flaggerLinkSchema,
  type FlaggerPayload,
  flaggerPayloadSchema,
  type LinkFlagger,
  linkFlaggerSchema,
} from '@modelgate/contracts';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom, openApiSchema } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { FlaggerTokenGuard } from './flagger-token.guard';
import { GatesService } from './gates.service';

const idParam = new ZodValidationPipe(z.uuid());

/** The gates deploy systems ask, each in its own contract. */
@Controller('v1')
export class GatesController {
  constructor(private readonly gates: GatesService) {}

  @Put('deployments/:id/gates/flagger')
  @Roles('operator')
  @ApiOperationFrom({ summary: 'Link a deployment to a Flagger canary; returns its gate token (shown once)', body: linkFlaggerSchema, response: flaggerLinkSchema, roles: ['operator'] })
  link(@Param('id', idParam) id: string, @Body(new ZodValidationPipe(linkFlaggerSchema)) body: LinkFlagger): Promise<FlaggerLink> {
    return this.gates.linkFlagger(id, body);
  }

  /** Open to Flagger, which sends no header: the gate token travels in the webhook's metadata. */
  @Post('gates/flagger/:hook')
  @UseGuards(FlaggerTokenGuard)
  @ApiOperation({ summary: 'Flagger webhook gate: 200 go, 403 halt', description: 'Authenticated by metadata.token (the deployment gate token).' })
  @ApiBody({ schema: openApiSchema(flaggerPayloadSchema, 'input') })
  @ApiResponse({ status: 200, schema: openApiSchema(flaggerAnswerSchema, 'output') })
  @ApiResponse({ status: 403, description: 'Halt: the same body, go = false.' })
  @ApiResponse({ status: 401, description: 'Missing or wrong metadata.token.' })
  @ApiResponse({ status: 404, description: 'No deployment is linked to this canary.' })
  async flagger(
    @Param('hook', new ZodValidationPipe(z.enum(flaggerHooks))) hook: FlaggerHook,
    @Body(new ZodValidationPipe(flaggerPayloadSchema)) body: FlaggerPayload,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<FlaggerAnswer> {
    const answer = await this.gates.flagger(hook, body);
    response.status(answer.go ? 200 : 403);
    return answer;
  }

  @Get('gates/argo/:deploymentId')
  @Roles('gate')
  @ApiOperationFrom({ summary: 'Argo Rollouts web metric: 200 {decision: promote | rollback | hold, reason, evidence}', response: argoAnswerSchema, roles: ['gate'] })
  argo(@Param('deploymentId', idParam) id: string): Promise<ArgoAnswer> {
    return this.gates.argo(id);
  }
}
