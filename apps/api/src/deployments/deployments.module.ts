import { Module } from '@nestjs/common';
import { DeploymentRepository } from './deployment.repository';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';

/** Deployments: create, list, get, status. */
@Module({
  controllers: [DeploymentsController],
  providers: [DeploymentRepository, DeploymentsService],
  exports: [DeploymentRepository],
})
export class DeploymentsModule {}
