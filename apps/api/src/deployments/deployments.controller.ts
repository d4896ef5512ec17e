import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  type CreateDeployment,
  type Deployment,
  type DeploymentPhaseView,
  type ListDeploymentsQuery,
  createDeploymentSchema,
  deploymentPhaseViewSchema,
  deploymentSchema,
  listDeploymentsQuerySchema,
} from '@modelgate/contracts';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { DeploymentsService } from './deployments.service';

export const idParam = new ZodValidationPipe(z.uuid());
export const readers = ['operator', 'analyst', 'gate'] as const;

@Controller('v1/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @Roles('operator')
  @ApiOperationFrom({
    summary: 'Create a deployment (pending until started; `start: true` starts it at once; 409 for a rejected version)',
    body: createDeploymentSchema,
    response: deploymentSchema,
    status: 201,
    roles: ['operator'],
  })
  create(@Body(new ZodValidationPipe(createDeploymentSchema)) body: CreateDeployment, @Req() request: AuthenticatedRequest): Promise<Deployment> {
    return this.deployments.create(body, request.principal!.keyId);
  }

  @Get()
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'List deployments, newest first', response: z.array(deploymentSchema), roles: [...readers] })
  list(@Query(new ZodValidationPipe(listDeploymentsQuerySchema)) query: ListDeploymentsQuery): Promise<Deployment[]> {
    return this.deployments.list(query);
  }

  @Get(':id')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'Get a deployment', response: deploymentSchema, roles: [...readers] })
  get(@Param('id', idParam) id: string): Promise<Deployment> {
    return this.deployments.get(id);
  }

  @Get(':id/phase')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'Where a deployment stands', response: deploymentPhaseViewSchema, roles: [...readers] })
  @HttpCode(200)
  phase(@Param('id', idParam) id: string): Promise<DeploymentPhaseView> {
    return this.deployments.phase(id);
  }
}
