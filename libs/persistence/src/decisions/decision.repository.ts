import { Injectable } from '@nestjs/common';
import type { Decision } from '@modelgate/contracts';
import { DataSource } from 'typeorm';

/** Decisions as recorded (`modelgate.decision/v1`, unchanged). */
@Injectable()
export class DecisionRepository {
  constructor(private readonly db: DataSource) {}

  /** Oldest first; `limit` null for all of them. */
  async listByDeployment(deploymentId: string, limit: number | null = 500): Promise<Decision[]> {
    const rows: { record: Decision }[] = await this.db.query(
      `SELECT record FROM decisions WHERE deployment_id = $1 ORDER BY created_at, id LIMIT $2`,
      [deploymentId, limit],
    );
    return rows.map((r) => r.record);
  }

  /** The newest decision (by created_at, id), recorded at or after `since` when given (what the gates answer from). */
  async latestByDeployment(deploymentId: string, since: Date | null = null): Promise<Decision | undefined> {
    const rows: { record: Decision }[] = await this.db.query(
      `SELECT record FROM decisions WHERE deployment_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [deploymentId, since],
    );
    return rows[0]?.record;
  }
}
