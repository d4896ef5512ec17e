import { Module } from '@nestjs/common';
import { AnalysisRepository } from '../analyses/analysis.repository';
import { DecisionRepository } from '../decisions/decision.repository';
import { DeploymentRepository } from '../deployments/deployment.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { ROLLOUT_ENGINE, rolloutEngine } from './rollout-engine';
import { RolloutRunner } from './rollout.runner';

const providers = [DeploymentRepository, AnalysisRepository, DecisionRepository, TimelineRepository, RolloutRunner];

/** The repositories the api and the worker share, and the runner of analyses and control commands. */
@Module({
  providers: [...providers, { provide: ROLLOUT_ENGINE, useValue: rolloutEngine }],
  exports: providers,
})
export class RolloutStoreModule {}
