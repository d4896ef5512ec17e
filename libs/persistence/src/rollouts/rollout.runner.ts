import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type CreateDeployment, type Decision, DECISION_SCHEMA, decisionIdOf, type DeploymentPhase } from '@modelgate/contracts';
import type { AppConfig } from '@modelgate/platform';
import {
  type AnalysisInput,
  analysedPhases,
  type ControlCommand,
  type DecisionDraft,
  nextDeploymentOf,
  type RolloutState,
  routingOf,
  withNextStarted,
} from '@modelgate/rollouts';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AnalysisRepository, type AnalysisView } from '../analyses/analysis.repository';
import { variantAggregates } from '../analyses/variant-aggregates';
import { type SqlRunner, writeDecision } from '../decisions/decision.writer';
import { DeploymentRepository } from '../deployments/deployment.repository';
import { type DeploymentRow, settingsOf, stateOf } from '../deployments/deployment.row';
import { type Actor, TimelineRepository } from '../timeline/timeline.repository';
import { RolloutStoreError } from './rollout-store.error';
import { ROLLOUT_ENGINE, type RolloutEngine } from './rollout-engine';

/** Where a control command left the deployment, and the decision it made (none for pause and resume). */
export interface ControlOutcome {
  phase: DeploymentPhase;
  step: number;
  share: number;
  decision: Decision | null;
}

/** What one tick did: the analysis it wrote, or why it wrote none. */
export type TickResult = { ran: true; analysis: AnalysisView; decision: Decision } | { ran: false; reason: string };

/**
 * Runs the pure engine against PostgreSQL: an analysis tick (the worker's schedule and
 * `POST /v1/deployments/:id/analyses` share it) and the operators' control commands. Each runs in
 * ONE transaction holding the deployment's row lock (`FOR UPDATE`): two workers never analyse one
 * deployment at once, and a crash anywhere leaves nothing half-written. The decision's id derives
 * from the deployment and the analysis number, so a retried tick yields the same id.
 */
@Injectable()
export class RolloutRunner {
  private readonly bucketSeconds: number;

  constructor(
    private readonly db: DataSource,
    private readonly deployments: DeploymentRepository,
    private readonly analyses: AnalysisRepository,
    private readonly timeline: TimelineRepository,
    @Inject(ROLLOUT_ENGINE) private readonly engine: RolloutEngine,
    config: ConfigService<AppConfig, true>,
  ) {
    this.bucketSeconds = config.get('ROLLUP_BUCKET_SECONDS', { infer: true });
  }

  /**
   * Creates a deployment (`pending`, or started with `start`), audited with its key: the api's create
   * and a shadow's next deployment share this path. 409 (`rejected_version`) for a candidate that was
   * rolled back, unless the request allows it.
   */
  async create(request: CreateDeployment, actor: Actor): Promise<string> {
    return this.db.transaction((tx) => this.createIn(tx, request, actor, {}));
  }

  /**
   * One analysis of a live deployment. `scheduledAt` (the worker's tick time) makes a tick that was
   * already analysed at or after that time a no-op, so a redelivered job never analyses twice.
   */
  async analyse(deploymentId: string, options: { now?: Date; scheduledAt?: Date } = {}): Promise<TickResult> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockOrThrow(tx, deploymentId);
      if (!analysedPhases.includes(row.phase)) return { ran: false, reason: `a ${row.phase} deployment is not analysed` };
      if (options.scheduledAt) {
        const last = await this.analyses.lastAt(tx, deploymentId);
        if (last && last >= options.scheduledAt) return { ran: false, reason: `already analysed at ${last.toISOString()}` };
      }
      const now = options.now ?? new Date();
      const state = stateOf(row);
      const settings = settingsOf(row);
      const input = await this.inputOf(tx, row, state, now);
      const transition = this.engine.evaluate(row.strategy)(state, input, settings, now);
      const number = state.analyses + 1;
      const next: RolloutState = { ...transition.state, analyses: number };
      const analysis = await this.analyses.insert(tx, {
        deploymentId,
        number,
        step: state.stepIndex,
        window: input.window,
        action: transition.decision.action,
        phaseBefore: state.phase,
        phaseAfter: next.phase,
        evidence: transition.decision.evidence,
        at: now,
      });
      const draft = await this.startNext(tx, row, transition.decision, { keyId: null });
      const decision = this.decisionOf(row, draft, next, `deployment:${deploymentId}:analysis:${number}`, analysis.id, now);
      await this.commit(tx, row, state, next, decision);
      return { ran: true, analysis, decision };
    });
  }

  /**
   * An operator's (or an alert's) command through the pure `control()`, audited with its key. A
   * command that moves traffic (start, abort, approve, alert) makes a decision, written with it;
   * pause and resume change only the state. 409 (`invalid_transition`) with control's reason otherwise.
   */
  async control(deploymentId: string, command: ControlCommand, actor: Actor, detail: Record<string, unknown> = {}): Promise<ControlOutcome> {
    return this.db.transaction(async (tx) => this.controlIn(tx, await this.lockOrThrow(tx, deploymentId), command, actor, detail));
  }

  private async controlIn(tx: EntityManager, row: DeploymentRow, command: ControlCommand, actor: Actor, detail: Record<string, unknown>): Promise<ControlOutcome> {
    const state = stateOf(row);
    const now = new Date();
    const result = this.engine.control(state, command, settingsOf(row), now);
    if (!result.ok) throw new RolloutStoreError('invalid_transition', `${command.kind} does not apply to deployment ${row.id}: ${result.reason}`);
    const next: RolloutState = { ...result.state, analyses: state.analyses };
    const auditId = await this.timeline.audit(tx, { deploymentId: row.id, action: command.kind, actor, detail: { ...detail, phaseBefore: state.phase, phaseAfter: next.phase } });
    const draft = result.decision && (await this.startNext(tx, row, result.decision, actor));
    const decision = draft && this.decisionOf(row, draft, next, `deployment:${row.id}:control:${auditId}`, null, now);
    await this.commit(tx, row, state, next, decision);
    return { phase: next.phase, step: next.stepIndex, share: routingOf(next).share, decision };
  }

  private async createIn(tx: EntityManager, request: CreateDeployment, actor: Actor, detail: Record<string, unknown>): Promise<string> {
    const rejected = request.allowRejected ? undefined : await this.deployments.rejection(request.model, request.candidateVersion, tx);
    if (rejected) {
      throw new RolloutStoreError(
        'rejected_version',
        `${request.model} ${request.candidateVersion} was rolled back on ${rejected.at.toISOString()} (${rejected.reason}); fix it and deploy a new version, or set allowRejected: true to deploy it anyway`,
      );
    }
    const id = await this.deployments.create(tx, request, randomBytes(8));
    await this.timeline.audit(tx, { deploymentId: id, action: 'create', actor, detail: { ...detail, allowRejected: request.allowRejected } });
    if (request.start) await this.controlIn(tx, await this.lockOrThrow(tx, id), { kind: 'start' }, actor, {});
    return id;
  }

  /**
   * A shadow whose decision advances it starts the deployment it names next, in the same
   * transaction, and its decision names that deployment; any other decision is returned unchanged.
   */
  private async startNext(tx: EntityManager, row: DeploymentRow, draft: DecisionDraft, actor: Actor): Promise<DecisionDraft> {
    const origin = { ...row, baselineVersion: row.baseline_version, candidateVersion: row.candidate_version ?? row.baseline_version, steps: row.steps.map(Number.parseFloat) };
    const request = nextDeploymentOf(origin, draft);
    if (!request) return draft;
    const id = await this.createIn(tx, request, actor, { shadowDeploymentId: row.id });
    return withNextStarted(draft, request.strategy, id);
  }

  private async lockOrThrow(tx: EntityManager, deploymentId: string): Promise<DeploymentRow> {
    const row = await this.deployments.lock(tx, deploymentId);
    if (!row) throw new RolloutStoreError('not_found', `no deployment ${deploymentId}: list them with GET /v1/deployments`);
    return row;
  }

  /** The state, the decision with its outbox rows, and (on a rollback) the rejected version, together. */
  private async commit(tx: SqlRunner, row: DeploymentRow, before: RolloutState, next: RolloutState, decision: Decision | null): Promise<void> {
    await this.deployments.saveState(tx, row.id, next);
    if (decision) await writeDecision(tx, decision);
    if (next.phase === 'rolled_back' && before.phase !== 'rolled_back') {
      const candidate = row.candidate_version ?? row.baseline_version;
      await this.deployments.reject(tx, row.model, candidate, row.id, decision?.reason ?? 'rolled back');
    }
  }

  /**
   * The window of the current step (or of the watch after a switch), and, for the strategies without
   * a concurrent baseline, the baseline's last window of the same length before the cut-over.
   */
  private async inputOf(tx: SqlRunner, row: DeploymentRow, state: RolloutState, now: Date): Promise<AnalysisInput> {
    const startIso = (state.phase === 'watching' ? state.phaseStartedAt : null) ?? state.stepStartedAt ?? state.startedAt ?? row.created_at.toISOString();
    const start = new Date(startIso);
    const window = { start: start.toISOString(), end: now.toISOString() };
    const variants = await variantAggregates(tx, row.id, { start, end: now, bucketSeconds: this.bucketSeconds });
    const input: AnalysisInput = { window, variants };
    const cutOver = row.strategy === 'recreate' ? state.startedAt : state.phase === 'watching' ? state.phaseStartedAt : null;
    if (cutOver) {
      const end = new Date(cutOver);
      const lengthMs = Math.max(now.getTime() - end.getTime(), row.settings.intervalSeconds * 1000);
      const beforeStart = new Date(end.getTime() - lengthMs);
      input.before = {
        window: { start: beforeStart.toISOString(), end: end.toISOString() },
        variants: await variantAggregates(tx, row.id, { start: beforeStart, end, bucketSeconds: this.bucketSeconds }),
      };
    }
    if (variants.length === 0) input.error = `no rollups for deployment ${row.id} since ${window.start}: send prediction events`;
    return input;
  }

  private decisionOf(row: DeploymentRow, draft: DecisionDraft, next: RolloutState, key: string, analysisId: string | null, now: Date): Decision {
    const settings = row.settings;
    return {
      schema: DECISION_SCHEMA,
      id: decisionIdOf(key),
      deploymentId: row.id,
      monitorId: null,
      analysisId,
      model: row.model,
      strategy: row.strategy,
      canaryForm: row.strategy === 'canary' ? settings.canaryForm : null,
      baselineVersion: row.baseline_version,
      candidateVersion: row.candidate_version,
      version: draft.version,
      action: draft.action,
      phaseBefore: draft.phaseBefore,
      phaseAfter: draft.phaseAfter,
      step: next.stepIndex,
      share: next.share,
      reason: draft.reason,
      evidence: draft.evidence,
      madeAt: now.toISOString(),
    };
  }
}
