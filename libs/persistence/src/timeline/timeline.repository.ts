import { Injectable } from '@nestjs/common';
import type { DeploymentPhase, TimelineEntryDto } from '@modelgate/contracts';
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

interface TimelineRow {
  at: Date;
  kind: TimelineEntryDto['kind'];
  action: string;
  phase_before: DeploymentPhase | null;
  phase_after: DeploymentPhase | null;
  share: number | null;
  reason: string | null;
  decision_id: string | null;
  key_id: string | null;
  key_name: string | null;
  detail: Record<string, unknown> | null;
}

/** Which entries a timeline keeps. */
export interface TimelineOptions {
  /** At most this many entries; null for all of them. */
  limit?: number | null;
  /** Leave out the holds that changed no phase and the `analyse` calls (each analysis' decision says more): the report's view. */
  changesOnly?: boolean;
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

  /**
   * Decisions (with the phases they moved between), control actions (with their key) and the calls
   * the gates recorded, in the order they happened.
   */
  async timeline(deploymentId: string, { limit = 1000, changesOnly = false }: TimelineOptions = {}): Promise<TimelineEntryDto[]> {
    const rows: TimelineRow[] = await this.db.query(
      `SELECT * FROM (
         SELECT created_at AS at, 'decision' AS kind, action, record ->> 'phaseBefore' AS phase_before, record ->> 'phaseAfter' AS phase_after,
                (record ->> 'share')::float8 AS share, reason, id AS decision_id, NULL::text AS key_id, NULL AS key_name, NULL::jsonb AS detail,
                1 AS rank, 0::bigint AS seq
         FROM decisions
         WHERE deployment_id = $1
           AND NOT ($3 AND action = 'hold' AND (record ->> 'phaseBefore') IS NOT DISTINCT FROM (record ->> 'phaseAfter'))
         UNION ALL
         SELECT at, 'control', action, NULL, NULL, NULL, detail ->> 'comment', NULL, key_id, key_name, detail, 0, id
         FROM audit_log WHERE deployment_id = $1 AND NOT ($3 AND action = 'analyse')
         UNION ALL
         SELECT created_at, 'gate', hook, NULL, NULL, NULL, message, NULL, NULL, NULL,
                jsonb_build_object('source', source, 'canary', namespace || '/' || name, 'checksum', checksum, 'phase', phase, 'status', status, 'metadata', metadata), 2, id
         FROM gate_events WHERE deployment_id = $1
       ) AS t ORDER BY at, rank, seq LIMIT $2`,
      [deploymentId, limit, changesOnly],
    );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      kind: r.kind,
      action: r.action,
      phaseBefore: r.phase_before,
      phaseAfter: r.phase_after,
      share: r.share,
      reason: r.reason,
      decisionId: r.decision_id,
      keyId: r.key_id,
      keyName: r.key_name,
      detail: r.detail,
    }));
  }
}
