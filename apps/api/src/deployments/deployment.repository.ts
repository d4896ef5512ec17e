import { Injectable } from '@nestjs/common';
import type { CreateDeployment, DeploymentStatus, ListDeploymentsQuery } from '@modelgate/contracts';
import { DataSource } from 'typeorm';
import type { DeploymentRow, DeploymentSettings } from './deployment.row';

/** A deployment row with its variants and step shares, one row per deployment. */
const selectDeployments = `
  SELECT d.*,
    coalesce((SELECT json_agg(json_build_object('name', v.name, 'version', v.version, 'weight', v.weight::text) ORDER BY v.name)
              FROM deployment_variants v WHERE v.deployment_id = d.id), '[]'::json) AS variants,
    coalesce((SELECT json_agg(s.traffic_percent::text ORDER BY s.step_index)
              FROM deployment_steps s WHERE s.deployment_id = d.id), '[]'::json) AS steps
  FROM deployments d`;

export interface NewDeployment {
  request: CreateDeployment;
  name: string;
  phase: DeploymentStatus;
  canarySalt: string;
  abSalt: string;
  trafficPercent: number;
  settings: DeploymentSettings;
  /** Variants with weights normalised to fractions (the column is numeric(9,6)). */
  variants: { name: string; version: string; weight: number }[];
}

/** Queries of deployments, their variants and their steps. */
@Injectable()
export class DeploymentRepository {
  constructor(private readonly db: DataSource) {}

  /** Inserts a deployment with its variants and steps in one transaction; returns its id. */
  async insert(d: NewDeployment): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO deployments (model, name, strategy, phase, baseline_version, candidate_version, settings, targeting,
                                  canary_salt, ab_salt, current_step, traffic_percent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11) RETURNING id`,
        [
          d.request.model,
          d.name,
          d.request.strategy,
          d.phase,
          d.request.baselineVersion,
          d.request.candidateVersion,
          JSON.stringify(d.settings),
          d.request.targeting === null ? null : JSON.stringify(d.request.targeting),
          d.canarySalt,
          d.abSalt,
          d.trafficPercent,
        ],
      );
      const id = row!.id;
      for (const v of d.variants) {
        await tx.query(`INSERT INTO deployment_variants (deployment_id, name, version, weight) VALUES ($1, $2, $3, $4)`, [id, v.name, v.version, v.weight]);
      }
      for (const [index, percent] of d.request.steps.entries()) {
        await tx.query(
          `INSERT INTO deployment_steps (deployment_id, step_index, traffic_percent, started_at) VALUES ($1, $2, $3, CASE WHEN $2 = 0 THEN now() END)`,
          [id, index, percent],
        );
      }
      return id;
    });
  }

  async findById(id: string): Promise<DeploymentRow | undefined> {
    const rows: DeploymentRow[] = await this.db.query(`${selectDeployments} WHERE d.id = $1`, [id]);
    return rows[0];
  }

  /** Newest first; `phases` keeps rows whose phase is (or, with `exclude`, is not) one of them. */
  async list(query: ListDeploymentsQuery, phases: { values: string[]; exclude: boolean } | null): Promise<DeploymentRow[]> {
    return this.db.query(
      `${selectDeployments}
       WHERE ($1::text IS NULL OR d.model = $1)
         AND ($2::text[] IS NULL OR (d.phase = ANY($2)) <> $3)
       ORDER BY d.created_at DESC, d.id LIMIT $4`,
      [query.model ?? null, phases?.values ?? null, phases?.exclude ?? false, query.limit],
    );
  }

  /** Every deployment, for the assignment cache (a few rows per model: small). */
  async listAll(): Promise<DeploymentRow[]> {
    return this.db.query(`${selectDeployments} ORDER BY d.created_at, d.id`);
  }
}
