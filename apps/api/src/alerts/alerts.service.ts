import { Injectable } from '@nestjs/common';
import type { AlertmanagerAlert, AlertmanagerPayload, AlertmanagerResult } from '@modelgate/contracts';
import { DeploymentRepository, RolloutStoreError, TimelineRepository } from '@modelgate/persistence';
import { analysedPhases } from '@modelgate/rollouts';
import { DataSource } from 'typeorm';
import { RolloutControlService } from '../deployments/rollout-control.service';

type AlertResult = AlertmanagerResult['alerts'][number];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The alert in one line, quoted as the rollback's evidence. */
function summaryOf(alert: AlertmanagerAlert): string {
  const name = alert.labels.alertname ?? 'alert';
  const text = alert.annotations.summary ?? alert.annotations.description ?? '';
  const labels = Object.entries(alert.labels).map(([k, v]) => `${k}=${v}`).join(', ');
  return `Alertmanager ${alert.status} ${name}${text ? `: ${text}` : ''} {${labels}}${alert.startsAt ? ` since ${alert.startsAt}` : ''}`;
}

/**
 * External alarms: a firing alert that names a live deployment (label `modelgate_deployment`, or
 * `model` + `version` of its candidate) rolls it back through `control({kind: 'alert'})`; a resolved
 * alert is recorded on the timeline and changes nothing.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly db: DataSource,
    private readonly deployments: DeploymentRepository,
    private readonly timeline: TimelineRepository,
    private readonly control: RolloutControlService,
  ) {}

  async receive(payload: AlertmanagerPayload, keyId: string): Promise<AlertmanagerResult> {
    const alerts: AlertResult[] = [];
    for (const alert of payload.alerts) alerts.push(await this.one(alert, keyId));
    return { alerts };
  }

  private async one(alert: AlertmanagerAlert, keyId: string): Promise<AlertResult> {
    const deploymentId = await this.named(alert);
    if (deploymentId === undefined) {
      return { status: alert.status, deploymentId: null, outcome: 'unmatched', detail: 'no live deployment named by modelgate_deployment, or by model + version of its candidate' };
    }
    const summary = summaryOf(alert);
    if (alert.status === 'resolved') {
      await this.db.transaction((tx) => this.timeline.audit(tx, { deploymentId, action: 'alert_resolved', actor: { keyId }, detail: { summary, labels: alert.labels } }));
      return { status: alert.status, deploymentId, outcome: 'recorded', detail: summary };
    }
    try {
      const result = await this.control.command(deploymentId, { kind: 'alert', summary }, keyId, { labels: alert.labels, annotations: alert.annotations });
      return { status: alert.status, deploymentId, outcome: 'rolled_back', detail: result.decision?.reason ?? summary };
    } catch (error) {
      if (error instanceof RolloutStoreError && error.code === 'invalid_transition') return { status: alert.status, deploymentId, outcome: 'not_live', detail: error.message };
      throw error;
    }
  }

  private async named(alert: AlertmanagerAlert): Promise<string | undefined> {
    const id = alert.labels.modelgate_deployment;
    if (id !== undefined) return uuid.test(id) && (await this.deployments.findById(id)) ? id : undefined;
    const { model, version } = alert.labels;
    if (model === undefined || version === undefined) return undefined;
    // A resolved alert may name a deployment that the firing one already rolled back.
    const phases = alert.status === 'firing' ? analysedPhases : [...analysedPhases, 'rolled_back' as const];
    return this.deployments.findByCandidate(model, version, phases);
  }
}
