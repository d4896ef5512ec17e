import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  type AnalysisDto,
  analysisSchema,
  type ControlRequest,
  controlRequestSchema,
  type ControlResultDto,
  controlResultSchema,
  type Decision,
  decisionSchema,
  type TimelineEntryDto,
  timelineEntrySchema,
} from '@modelgate/contracts';
import type { ControlCommand } from '@modelgate/rollouts';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { idParam, readers } from './deployments.controller';
import { RolloutControlService } from './rollout-control.service';

const control = (summary: string) =>
  ApiOperationFrom({ summary: `${summary} (audited with the key; 409 with the reason when the phase does not allow it)`, body: controlRequestSchema, response: controlResultSchema, roles: ['operator'] });
const body = new ZodValidationPipe(controlRequestSchema);

/** The operator's commands on a deployment, and what the engine did with it. */
@Controller('v1/deployments/:id')
export class RolloutControlController {
  constructor(private readonly rollouts: RolloutControlService) {}

  @Post('start')
  @HttpCode(200)
  @Roles('operator')
  @control('Start a pending deployment at its first step')
  start(@Param('id', idParam) id: string, @Body(body) request: ControlRequest, @Req() req: AuthenticatedRequest): Promise<ControlResultDto> {
    return this.run(id, { kind: 'start' }, request, req);
  }

  @Post('pause')
  @HttpCode(200)
  @Roles('operator')
  @control('Pause: routing stays as it is, analyses decide nothing')
  pause(@Param('id', idParam) id: string, @Body(body) request: ControlRequest, @Req() req: AuthenticatedRequest): Promise<ControlResultDto> {
    return this.run(id, { kind: 'pause' }, request, req);
  }

  @Post('resume')
  @HttpCode(200)
  @Roles('operator')
  @control('Resume a paused deployment where it was')
  resume(@Param('id', idParam) id: string, @Body(body) request: ControlRequest, @Req() req: AuthenticatedRequest): Promise<ControlResultDto> {
    return this.run(id, { kind: 'resume' }, request, req);
  }

  @Post('abort')
  @HttpCode(200)
  @Roles('operator')
  @control('Abort: roll back now (the candidate is rejected)')
  abort(@Param('id', idParam) id: string, @Body(body) request: ControlRequest, @Req() req: AuthenticatedRequest): Promise<ControlResultDto> {
    return this.run(id, { kind: 'abort', by: req.principal!.keyId }, request, req);
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('operator')
  @control('Approve the step that awaits approval')
  approve(@Param('id', idParam) id: string, @Body(body) request: ControlRequest, @Req() req: AuthenticatedRequest): Promise<ControlResultDto> {
    return this.run(id, { kind: 'approve', by: req.principal!.keyId }, request, req);
  }

  @Post('analyses')
  @Roles('operator')
  @ApiOperationFrom({ summary: 'Run one analysis now (the worker tick’s code path) and return it', response: analysisSchema, status: 201, roles: ['operator'] })
  analyse(@Param('id', idParam) id: string): Promise<AnalysisDto> {
    return this.rollouts.analyseNow(id);
  }

  @Get('analyses')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'The analyses of a deployment, oldest first', response: z.array(analysisSchema), roles: [...readers] })
  analyses(@Param('id', idParam) id: string): Promise<AnalysisDto[]> {
    return this.rollouts.listAnalyses(id);
  }

  @Get('decisions')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'The decisions of a deployment (modelgate.decision/v1), oldest first', response: z.array(decisionSchema), roles: [...readers] })
  decisions(@Param('id', idParam) id: string): Promise<Decision[]> {
    return this.rollouts.listDecisions(id);
  }

  @Get('timeline')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'State changes, decisions and control actions (with their key), in order', response: z.array(timelineEntrySchema), roles: [...readers] })
  timeline(@Param('id', idParam) id: string): Promise<TimelineEntryDto[]> {
    return this.rollouts.timelineOf(id);
  }

  private run(id: string, command: ControlCommand, request: ControlRequest, req: AuthenticatedRequest): Promise<ControlResultDto> {
    return this.rollouts.command(id, command, req.principal!.keyId, request.comment === undefined ? {} : { comment: request.comment });
  }
}
