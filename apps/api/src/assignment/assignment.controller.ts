import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import {
  type AssignBatchRequest,
  type AssignBatchResponse,
  type AssignRequest,
  type Assignment,
  assignBatchRequestFastCheck,
  assignBatchRequestSchema,
  assignBatchResponseSchema,
  assignRequestFastCheck,
  assignRequestSchema,
  assignmentSchema,
} from '@modelgate/contracts';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom, CompiledResponse } from '../openapi/zod-openapi.decorators';
import { ValidatedBody } from '../openapi/zod-validation.pipe';
import { AssignmentService } from './assignment.service';

/** The header that forces a version for QA; only keys with the override right may send it. */
const overrideHeader = 'x-modelgate-version';

@Controller('v1/assign')
@Roles('service')
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  @Post()
  @HttpCode(200)
  @ApiOperationFrom({ summary: 'Assign one unit to a version', body: assignRequestSchema, response: assignmentSchema, roles: ['service'] })
  @CompiledResponse(assignmentSchema)
  assignOne(
    @ValidatedBody(assignRequestSchema, assignRequestFastCheck) body: AssignRequest,
    @Req() request: AuthenticatedRequest,
    @Headers(overrideHeader) override: string | undefined,
  ): Assignment {
    this.assignment.checkOverride(request.principal!, override);
    return this.assignment.assign(body, request.principal!, override);
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperationFrom({ summary: 'Assign up to 1 000 units', body: assignBatchRequestSchema, response: assignBatchResponseSchema, roles: ['service'] })
  @CompiledResponse(assignBatchResponseSchema)
  assignBatch(
    @ValidatedBody(assignBatchRequestSchema, assignBatchRequestFastCheck) body: AssignBatchRequest,
    @Req() request: AuthenticatedRequest,
    @Headers(overrideHeader) override: string | undefined,
  ): AssignBatchResponse {
    this.assignment.checkOverride(request.principal!, override);
    return { assignments: body.units.map((unit) => this.assignment.assign(unit, request.principal!, override)) };
  }
}
