import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { RolloutStoreModule } from '@modelgate/persistence';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';
import { LiveDeploymentsCache } from './live-deployments.cache';
import { RolloutControlController } from './rollout-control.controller';
import { RolloutControlService } from './rollout-control.service';
import { RolloutErrorFilter } from './rollout-error.filter';

/** Deployments: create, read, control (start, pause, resume, abort, approve), analyses; and the in-memory copy assignment answers from. */
@Module({
  imports: [RolloutStoreModule],
  controllers: [DeploymentsController, RolloutControlController],
  providers: [DeploymentsService, RolloutControlService, LiveDeploymentsCache, { provide: APP_FILTER, useClass: RolloutErrorFilter }],
  exports: [LiveDeploymentsCache, RolloutControlService],
})
export class DeploymentsModule {}
