import { Injectable, NotFoundException } from '@nestjs/common';
import { abSaltOf } from '@modelgate/assignment';
import type { CreateDeployment, Deployment, DeploymentStatus, DeploymentStatusView, ListDeploymentsQuery } from '@modelgate/contracts';
import { randomBytes } from 'node:crypto';
import { DeploymentRepository, type NewDeployment } from './deployment.repository';
import { toDeployment } from './deployment.row';
import { LiveDeploymentsCache } from './live-deployments.cache';

/** The phases each status covers (see `statusOf`): `running` is every phase not listed here. */
const phasesOf: Record<Exclude<DeploymentStatus, 'running'>, string[]> = {
  pending: ['pending', 'initializing'],
  paused: ['paused'],
  promoted: ['promoted'],
  rolled_back: ['rolled_back'],
};

/** Variants as stored: A/B arms with weights as fractions, otherwise baseline and candidate. */
function variantsOf(request: CreateDeployment): NewDeployment['variants'] {
  if (request.strategy !== 'ab_test') {
    return [
      { name: 'baseline', version: request.baselineVersion, weight: 0 },
      { name: 'candidate', version: request.candidateVersion, weight: 0 },
    ];
  }
  const arms = request.arms ?? [
    { name: 'baseline', version: request.baselineVersion, weight: 1 },
    { name: 'candidate', version: request.candidateVersion, weight: 1 },
  ];
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  return arms.map((arm) => ({ ...arm, weight: Math.round((arm.weight / total) * 1e6) / 1e6 }));
}

/** Creating and reading deployments. A new deployment starts running at its first step. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly live: LiveDeploymentsCache,
  ) {}

  async create(request: CreateDeployment): Promise<Deployment> {
    // A fresh random salt per deployment: two deployments split the same units independently.
    const canarySalt = `${request.model}:${randomBytes(8).toString('hex')}`;
    const id = await this.deployments.insert({
      request,
      name: request.name ?? `${request.model} ${request.baselineVersion} → ${request.candidateVersion}`,
      phase: 'running',
      canarySalt,
      abSalt: abSaltOf(canarySalt),
      // canary and rolling start at their first step; the all-at-once strategies before their switch.
      trafficPercent: request.strategy === 'canary' || request.strategy === 'rolling' ? (request.steps[0] ?? 0) : 0,
      settings: {
        intervalSeconds: request.intervalSeconds,
        primaryMetric: request.primaryMetric,
        guardrails: request.guardrails,
        minSamples: request.minSamples,
        margin: request.margin,
        randomisation: request.randomisation,
      },
      variants: variantsOf(request),
    });
    // Whoever created it may assign with it at once on this replica; the others follow the notification.
    await this.live.refresh();
    return this.get(id);
  }

  async get(id: string): Promise<Deployment> {
    const row = await this.deployments.findById(id);
    if (!row) throw new NotFoundException(`no deployment ${id}: list them with GET /v1/deployments`);
    return toDeployment(row);
  }

  async list(query: ListDeploymentsQuery): Promise<Deployment[]> {
    const phases =
      query.status === undefined
        ? null
        : query.status === 'running'
          ? { values: Object.values(phasesOf).flat(), exclude: true }
          : { values: phasesOf[query.status], exclude: false };
    return (await this.deployments.list(query, phases)).map(toDeployment);
  }

  async status(id: string): Promise<DeploymentStatusView> {
    const d = await this.get(id);
    return {
      id: d.id,
      status: d.status,
      strategy: d.strategy,
      currentStep: d.currentStep,
      steps: d.steps,
      candidateShare: d.candidateShare,
      candidatePercent: d.candidateShare / 100,
      promotedVersion: d.promotedVersion,
      updatedAt: d.updatedAt,
    };
  }
}
