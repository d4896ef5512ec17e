import { Module } from '@nestjs/common';
import { DeploymentRepository } from './deployment.repository';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';
import { LiveDeploymentsCache } from './live-deployments.cache';

/** Deployments: create, list, get, status; and the in-memory copy assignment answers from. */
@Module({
  controllers: [DeploymentsController],
  providers: [DeploymentRepository, DeploymentsService, LiveDeploymentsCache],
  exports: [LiveDeploymentsCache],
})
export class DeploymentsModule {}
