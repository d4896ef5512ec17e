import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  type CreateDeployment,
  type Deployment,
  type DeploymentStatusView,
  type ListDeploymentsQuery,
  createDeploymentSchema,
  deploymentSchema,
  deploymentStatusSchema,
  listDeploymentsQuerySchema,
} from '@modelgate/contracts';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { DeploymentsService } from './deployments.service';

const idParam = new ZodValidationPipe(z.uuid());
const readers = ['operator', 'analyst', 'gate'] as const;

@Controller('v1/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @Roles('operator')
  @ApiOperationFrom({ summary: 'Create a deployment (starts at its first step)', body: createDeploymentSchema, response: deploymentSchema, status: 201, roles: ['operator'] })
  create(@Body(new ZodValidationPipe(createDeploymentSchema)) body: CreateDeployment): Promise<Deployment> {
    return this.deployments.create(body);
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

  @Get(':id/status')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'Where a deployment stands', response: deploymentStatusSchema, roles: [...readers] })
  status(@Param('id', idParam) id: string): Promise<DeploymentStatusView> {
    return this.deployments.status(id);
  }
}
