import { Injectable } from '@nestjs/common';
import type { CreateDeployment, Deployment, DeploymentPhaseView, ListDeploymentsQuery } from '@modelgate/contracts';
import { DeploymentRepository, RolloutStoreError, RolloutRunner, TimelineRepository, toDeployment } from '@modelgate/persistence';
import { armWeights, initialState, saltsOf } from '@modelgate/rollouts';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LiveDeploymentsCache } from './live-deployments.cache';

/** Creating and reading deployments. A new deployment is `pending` until started. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly db: DataSource,
    private readonly deployments: DeploymentRepository,
    private readonly timeline: TimelineRepository,
    private readonly runner: RolloutRunner,
    private readonly live: LiveDeploymentsCache,
  ) {}

  async create(request: CreateDeployment, keyId: string): Promise<Deployment> {
    const rejected = request.allowRejected ? undefined : await this.deployments.rejection(request.model, request.candidateVersion);
    if (rejected) {
      throw new RolloutStoreError(
        'rejected_version',
        `${request.model} ${request.candidateVersion} was rolled back on ${rejected.at.toISOString()} (${rejected.reason}); fix it and deploy a new version, or set allowRejected: true to deploy it anyway`,
      );
    }
    const { model, strategy, baselineVersion, candidateVersion, targeting, steps, arms: _arms, name, start, allowRejected: _allow, ...settings } = request;
    const id = await this.db.transaction(async (tx) => {
      const created = await this.deployments.insert(tx, {
        model,
        name: name ?? `${model} ${baselineVersion} → ${candidateVersion}`,
        strategy,
        baselineVersion,
        candidateVersion,
        targeting,
        // Fresh random bytes per deployment: two deployments split the same units independently.
        ...saltsOf(model, randomBytes(8)),
        settings,
        state: initialState(),
        variants: armWeights(request),
        steps,
      });
      await this.timeline.audit(tx, { deploymentId: created, action: 'create', actor: { keyId }, detail: { allowRejected: request.allowRejected } });
      return created;
    });
    if (start) await this.runner.control(id, { kind: 'start' }, { keyId });
    // Whoever created it may assign with it at once on this replica; the others follow the notification.
    await this.live.refresh();
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
