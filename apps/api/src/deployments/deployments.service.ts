import { Injectable } from '@nestjs/common';
import type { CreateDeployment, Deployment, DeploymentPhaseView, ListDeploymentsQuery } from '@modelgate/contracts';
import { DeploymentRepository, RolloutStoreError, RolloutRunner, toDeployment } from '@modelgate/persistence';
import { LiveDeploymentsCache } from './live-deployments.cache';

/** Creating and reading deployments. A new deployment is `pending` until started. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly runner: RolloutRunner,
    private readonly live: LiveDeploymentsCache,
  ) {}

  async create(request: CreateDeployment, keyId: string): Promise<Deployment> {
    const id = await this.runner.create(request, { keyId });
    // Whoever created it may assign with it at once on this replica; the others follow the notification.
    await this.live.refresh(id);
    return this.get(id);
  }

  async get(id: string): Promise<Deployment> {
    const row = await this.deployments.findById(id);
    if (!row) throw new RolloutStoreError('not_found', `no deployment ${id}: list them with GET /v1/deployments`);
    return toDeployment(row);
  }

  async list(query: ListDeploymentsQuery): Promise<Deployment[]> {
    return (await this.deployments.list(query)).map(toDeployment);
  }

  async phase(id: string): Promise<DeploymentPhaseView> {
    const d = await this.get(id);
    return {
      id: d.id,
      phase: d.phase,
      strategy: d.strategy,
      currentStep: d.currentStep,
      steps: d.steps,
      candidateShare: d.candidateShare,
      promotedVersion: d.promotedVersion,
      updatedAt: d.updatedAt,
    };
  }
}
