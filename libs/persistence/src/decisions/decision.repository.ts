import { Injectable } from '@nestjs/common';
import type { Decision } from '@modelgate/contracts';
import { DataSource } from 'typeorm';

/** Decisions as recorded (`modelgate.decision/v1`, unchanged). */
@Injectable()
export class DecisionRepository {
  constructor(private readonly db: DataSource) {}

  /** Oldest first. */
  async listByDeployment(deploymentId: string, limit = 500): Promise<Decision[]> {
    const rows: { record: Decision }[] = await this.db.query(
      `SELECT record FROM decisions WHERE deployment_id = $1 ORDER BY created_at, id LIMIT $2`,
      [deploymentId, limit],
    );
    return rows.map((r) => r.record);
  }

  async latestByDeployment(deploymentId: string): Promise<Decision | undefined> {
    const rows: { record: Decision }[] = await this.db.query(
      `SELECT record FROM decisions WHERE deployment_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [deploymentId],
    );
    return rows[0]?.record;
  }
}
