import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  type DriftAnalysis, driftAnalysisSchema, type DriftHistoryQuery, driftHistoryQuerySchema, type Monitor, monitorSchema, type MonitorSettings,
  modelNameSchema, monitorSettingsSchema, type UploadReference, uploadReferenceSchema,
} from '@modelgate/contracts';
import { z } from 'zod';
import type { Principal } from '../auth/roles.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { MonitorsService } from './monitors.service';

const name = new ZodValidationPipe(modelNameSchema);
const readers = ['operator', 'analyst'] as const;
type Authenticated = { principal: Principal };

/** Drift watch of a model version: its monitor, reference and analyses (issue 12). */
@Controller('v1/models/:model/versions/:version')
export class MonitorsController {
  constructor(private readonly monitors: MonitorsService) {}

  @Put('monitor')
  @Roles('operator')
  @ApiOperationFrom({ summary: "Create or replace a version's monitor (audited)", body: monitorSettingsSchema, response: monitorSchema, roles: ['operator'] })
  put(
    @Param('model', name) model: string,
    @Param('version', name) version: string,
    @Body(new ZodValidationPipe(monitorSettingsSchema)) settings: MonitorSettings,
    @Req() request: Authenticated,
  ): Promise<Monitor> {
    return this.monitors.put(model, version, settings, request.principal.keyId);
  }

  @Get('monitor')
  @Roles(...readers)
  @ApiOperationFrom({ summary: "A version's monitor and the reference in use", response: monitorSchema, roles: [...readers] })
  get(@Param('model', name) model: string, @Param('version', name) version: string): Promise<Monitor> {
    return this.monitors.get(model, version);
  }

  @Post('reference')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperationFrom({ summary: 'Upload a reference sample as prediction events (kept as sketches; audited)', body: uploadReferenceSchema, response: monitorSchema, roles: ['operator'] })
  reference(
    @Param('model', name) model: string,
    @Param('version', name) version: string,
    @Body(new ZodValidationPipe(uploadReferenceSchema)) body: UploadReference,
    @Req() request: Authenticated,
  ): Promise<Monitor> {
    return this.monitors.uploadReference(model, version, body.events, request.principal.keyId);
  }

  @Get('drift')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'The latest drift analysis: per-feature results, prediction drift, detector states', response: driftAnalysisSchema, roles: [...readers] })
  latest(@Param('model', name) model: string, @Param('version', name) version: string): Promise<DriftAnalysis> {
    return this.monitors.latest(model, version);
  }

  @Get('drift/history')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'Drift analyses, newest first', response: z.array(driftAnalysisSchema), roles: [...readers] })
  history(
    @Param('model', name) model: string,
    @Param('version', name) version: string,
    @Query(new ZodValidationPipe(driftHistoryQuerySchema)) query: DriftHistoryQuery,
  ): Promise<DriftAnalysis[]> {
    return this.monitors.history(model, version, query.limit);
  }

  @Post('drift/analyses')
  @Roles('operator')
  @ApiOperationFrom({ summary: 'Run one drift tick now (the worker’s code path) and return it', response: driftAnalysisSchema, status: 201, roles: ['operator'] })
  analyse(@Param('model', name) model: string, @Param('version', name) version: string): Promise<DriftAnalysis> {
    return this.monitors.analyse(model, version);
  }
}
