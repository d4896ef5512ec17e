import { Injectable } from '@nestjs/common';
import type { DecisionAction, DeploymentPhase } from '@modelgate/contracts';
import { DataSource } from 'typeorm';
import type { SqlRunner } from '../decisions/decision.writer';

/** Who did a control action: the API key, or the worker / an alert. */
export interface Actor {
  keyId: string | null;
}

/** One entry of a deployment's audit log. */
export interface AuditEntry {
  deploymentId: string | null;
  /** `create`, `start`, `pause`, `resume`, `abort`, `approve`, `analyse`, `alert_firing`, `alert_resolved`. */
  action: string;
  actor: Actor;
  detail: Record<string, unknown>;
}

/** One line of a deployment's timeline: a state change (with its decision), or a control action. */
export interface TimelineEntry {
  at: string;
  /** `decision`: a decision and the state change it made; `control`: an audited action (with its key). */
  kind: 'decision' | 'control';
  action: string;
  phaseBefore: DeploymentPhase | null;
  phaseAfter: DeploymentPhase | null;
  reason: string | null;
  decisionId: string | null;
  keyId: string | null;
  keyName: string | null;
  detail: Record<string, unknown> | null;
}

interface TimelineRow {
  at: Date;
  kind: 'decision' | 'control';
  action: DecisionAction | string;
  phase_before: DeploymentPhase | null;
  phase_after: DeploymentPhase | null;
  reason: string | null;
  decision_id: string | null;
  key_id: string | null;
  key_name: string | null;
  detail: Record<string, unknown> | null;
}

/** The audit log (control actions with their key) and the timeline that merges it with the decisions. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly db: DataSource) {}

  /** Records an action in the caller's transaction and returns its id; the key's name is copied, so the log outlives a revoked key. */
  async audit(tx: SqlRunner, entry: AuditEntry): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO audit_log (deployment_id, action, key_id, key_name, detail)
       VALUES ($1, $2, $3::text, coalesce((SELECT name FROM api_keys WHERE id::text = $3::text), $3::text), $4) RETURNING id::text`,
      [entry.deploymentId, entry.action, entry.actor.keyId, JSON.stringify(entry.detail)],
    )) as { id: string }[];
    return row!.id;
  }

  /** Decisions (with the phases they moved between) and control actions, in the order they happened. */
  async timeline(deploymentId: string, limit = 1000): Promise<TimelineEntry[]> {
    const rows: TimelineRow[] = await this.db.query(
      `SELECT * FROM (
         SELECT created_at AS at, 'decision' AS kind, action, record ->> 'phaseBefore' AS phase_before, record ->> 'phaseAfter' AS phase_after,
                reason, id AS decision_id, NULL::text AS key_id, NULL AS key_name, NULL::jsonb AS detail, 1 AS rank, 0::bigint AS seq
         FROM decisions WHERE deployment_id = $1
         UNION ALL
         SELECT at, 'control', action, NULL, NULL, NULL, NULL, key_id, key_name, detail, 0, id
         FROM audit_log WHERE deployment_id = $1
       ) AS t ORDER BY at, rank, seq LIMIT $2`,
      [deploymentId, limit],
    );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      kind: r.kind,
      action: r.action,
      phaseBefore: r.phase_before,
      phaseAfter: r.phase_after,
      reason: r.reason,
      decisionId: r.decision_id,
      keyId: r.key_id,
      keyName: r.key_name,
      detail: r.detail,
    }));
  }
}
