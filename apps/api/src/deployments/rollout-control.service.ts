import { Injectable } from '@nestjs/common';
import type { AnalysisDto, ControlResultDto, Decision, TimelineEntryDto } from '@modelgate/contracts';
import type { ControlCommand } from '@modelgate/rollouts';
import { AnalysisRepository, DecisionRepository, DeploymentRepository, RolloutStoreError, RolloutRunner, TimelineRepository } from '@modelgate/persistence';
import { LiveDeploymentsCache } from './live-deployments.cache';

/** The operator commands (audited, by key) and the reads of what the engine did. */
@Injectable()
export class RolloutControlService {
  constructor(
    private readonly runner: RolloutRunner,
    private readonly deployments: DeploymentRepository,
    private readonly analyses: AnalysisRepository,
    private readonly decisions: DecisionRepository,
    private readonly timeline: TimelineRepository,
    private readonly live: LiveDeploymentsCache,
  ) {}

  async command(id: string, command: ControlCommand, keyId: string, detail: Record<string, unknown>): Promise<ControlResultDto> {
    const { phase, step, share, decision } = await this.runner.control(id, command, { keyId }, detail);
    await this.live.refresh();
    return { phase, step, candidateShare: share, decision };
  }

  /** One analysis now, through the worker's code path; 409 when the deployment is not analysed in its phase. */
  async analyseNow(id: string): Promise<AnalysisDto> {
    const result = await this.runner.analyse(id);
    if (!result.ran) throw new RolloutStoreError('invalid_transition', `${result.reason}: start it first (POST /v1/deployments/${id}/start)`);
    await this.live.refresh();
    return result.analysis;
  }

  async listAnalyses(id: string): Promise<AnalysisDto[]> {
    await this.exists(id);
    return this.analyses.list(id);
  }

  async listDecisions(id: string): Promise<Decision[]> {
    await this.exists(id);
    return this.decisions.listByDeployment(id);
  }

  async timelineOf(id: string): Promise<TimelineEntryDto[]> {
    await this.exists(id);
    return this.timeline.timeline(id);
  }

  private async exists(id: string): Promise<void> {
    if (!(await this.deployments.findById(id))) throw new RolloutStoreError('not_found', `no deployment ${id}: list them with GET /v1/deployments`);
  }
}
