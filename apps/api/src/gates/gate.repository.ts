import { Injectable } from '@nestjs/common';
import type { Decision, DecisionAction } from '@modelgate/contracts';
import { DataSource } from 'typeorm';

export interface LatestDecision {
  id: string;
  action: DecisionAction;
  reason: string;
  record: Decision;
  madeAt: Date;
}

export interface GateEvent {
  deploymentId: string;
  hook: string;
  name: string;
  namespace: string;
  checksum: string | null;
  phase: string | null;
  message: string | null;
  status: number;
  metadata: Record<string, string>;
}

/** Queries of the gates: Flagger links, release checksums, gate events, and the latest decision. */
@Injectable()
export class GateRepository {
  constructor(private readonly db: DataSource) {}

  async deploymentExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM deployments WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Links (or re-links, with a new token) a deployment to a Flagger canary; false when the canary is another deployment's. */
  async link(deploymentId: string, name: string, namespace: string, tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO flagger_gates (deployment_id, name, namespace, token_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (deployment_id) DO UPDATE SET name = EXCLUDED.name, namespace = EXCLUDED.namespace, token_hash = EXCLUDED.token_hash
       RETURNING 1`,
      [deploymentId, name, namespace, tokenHash],
    ).catch((error: { code?: string }) => {
      if (error.code === '23505') return [];
      throw error;
    });
    return rows.length > 0;
  }

  async canary(name: string, namespace: string): Promise<{ deploymentId: string; tokenHash: string } | null> {
    const rows: { deploymentId: string; tokenHash: string }[] = await this.db.query(
      `SELECT deployment_id AS "deploymentId", token_hash AS "tokenHash" FROM flagger_gates WHERE name = $1 AND namespace = $2`,
      [name, namespace],
    );
    return rows[0] ?? null;
  }

  /** When the gate first saw this release; recorded on the first call. */
  async firstSeen(name: string, namespace: string, checksum: string): Promise<Date> {
    const [row]: { firstSeenAt: Date }[] = await this.db.query(
      `WITH added AS (
         INSERT INTO flagger_checksums (name, namespace, checksum) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING first_seen_at)
       SELECT first_seen_at AS "firstSeenAt" FROM added
       UNION ALL SELECT first_seen_at FROM flagger_checksums WHERE name = $1 AND namespace = $2 AND checksum = $3
       LIMIT 1`,
      [name, namespace, checksum],
    );
    return row!.firstSeenAt;
  }

  /** The deployment's latest decision (by created_at, id), made at or after `since` when given. */
  async latestDecision(deploymentId: string, since: Date | null): Promise<LatestDecision | null> {
    const rows: LatestDecision[] = await this.db.query(
      `SELECT id, action, reason, record, created_at AS "madeAt" FROM decisions
       WHERE deployment_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [deploymentId, since],
    );
    return rows[0] ?? null;
  }

  async recordEvent(e: GateEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO gate_events (deployment_id, source, hook, name, namespace, checksum, phase, message, status, metadata)
       VALUES ($1, 'flagger', $2, $3, $4, $5, $6, $7, $8, $9)`,
      [e.deploymentId, e.hook, e.name, e.namespace, e.checksum, e.phase, e.message, e.status, JSON.stringify(e.metadata)],
    );
  }
}
