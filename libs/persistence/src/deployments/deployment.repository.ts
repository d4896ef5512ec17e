import { Injectable } from '@nestjs/common';
import type { CreateDeployment, DeploymentPhase, ListDeploymentsQuery } from '@modelgate/contracts';
import { type DeploymentRecord, deploymentRecordOf, routingOf, type RolloutState } from '@modelgate/rollouts';
import { DataSource } from 'typeorm';
import type { SqlRunner } from '../decisions/decision.writer';
import type { DeploymentRow } from './deployment.row';

/** A deployment row with its variants and step shares, one row per deployment. */
const selectDeployments = `
  SELECT d.*,
    coalesce((SELECT json_agg(json_build_object('name', v.name, 'version', v.version, 'weight', v.weight::text) ORDER BY v.name)
              FROM deployment_variants v WHERE v.deployment_id = d.id), '[]'::json) AS variants,
    coalesce((SELECT json_agg(s.share::text ORDER BY s.step_index)
              FROM deployment_steps s WHERE s.deployment_id = d.id), '[]'::json) AS steps
  FROM deployments d`;

/** Queries of deployments, their variants and steps, and the versions that were rolled back. */
@Injectable()
export class DeploymentRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Creates a deployment from its validated request, `pending`, in the caller's transaction: the one
   * path for the api's create and the deployment a passing shadow starts next. Returns its id.
   */
  create(tx: SqlRunner, request: CreateDeployment, randomBytes: Uint8Array): Promise<string> {
    return this.insert(tx, deploymentRecordOf(request, randomBytes));
  }

  /** Inserts a deployment record with its variants and steps in the caller's transaction (benchmarks seed states this way); returns its id. */
  async insert(tx: SqlRunner, d: DeploymentRecord): Promise<string> {
    const routing = routingOf(d.state);
    const [row] = (await tx.query(
      `INSERT INTO deployments (model, name, strategy, phase, baseline_version, candidate_version, settings, targeting,
                                salt, ab_salt, current_step, candidate_share, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [d.model, d.name, d.strategy, routing.phase, d.baselineVersion, d.candidateVersion, JSON.stringify(d.settings),
        d.targeting === null ? null : JSON.stringify(d.targeting), d.salt, d.abSalt, d.state.stepIndex, routing.share, JSON.stringify(d.state)],
    )) as { id: string }[];
    const id = row!.id;
    await tx.query(
      `INSERT INTO deployment_variants (deployment_id, name, version, weight) SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::numeric[])`,
      [id, d.variants.map((v) => v.name), d.variants.map((v) => v.version), d.variants.map((v) => v.weight)],
    );
    await tx.query(`INSERT INTO deployment_steps (deployment_id, step_index, share) SELECT $1::uuid, i - 1, s FROM unnest($2::numeric[]) WITH ORDINALITY AS x(s, i)`, [id, d.steps]);
    return id;
  }

  async findById(id: string, db: SqlRunner = this.db): Promise<DeploymentRow | undefined> {
    const rows = (await db.query(`${selectDeployments} WHERE d.id = $1`, [id])) as DeploymentRow[];
    return rows[0];
  }

  /** The row, locked until the caller's transaction ends: one analysis or control action at a time. */
  async lock(tx: SqlRunner, id: string): Promise<DeploymentRow | undefined> {
    const rows = (await tx.query(`${selectDeployments} WHERE d.id = $1 FOR UPDATE OF d`, [id])) as DeploymentRow[];
    return rows[0];
  }

  /** Writes a new state with what assignment routes by (phase, step, share); the NOTIFY trigger tells every api replica. */
  async saveState(tx: SqlRunner, id: string, state: RolloutState): Promise<void> {
    const routing = routingOf(state);
    await tx.query(
      `UPDATE deployments SET state = $2, phase = $3, current_step = $4, candidate_share = $5, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(state), routing.phase, state.stepIndex, routing.share],
    );
    await tx.query(
      `UPDATE deployment_steps SET started_at = coalesce(started_at, $3::timestamptz),
              finished_at = CASE WHEN step_index < $2 THEN coalesce(finished_at, now()) END
       WHERE deployment_id = $1 AND step_index <= $2`,
      [id, state.stepIndex, state.stepStartedAt],
    );
  }

  /** Newest first. */
  async list(query: ListDeploymentsQuery): Promise<DeploymentRow[]> {
    return this.db.query(
      `${selectDeployments}
       WHERE ($1::text IS NULL OR d.model = $1) AND ($2::text IS NULL OR d.phase = $2)
       ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [query.model ?? null, query.phase ?? null, query.limit],
    );
  }

  /** Every deployment, oldest first, for the assignment cache. */
  async listAll(): Promise<DeploymentRow[]> {
    return this.db.query(`${selectDeployments} ORDER BY d.created_at, d.id`);
  }

  /** These deployments (those that exist), for the assignment cache to follow a change. */
  async listByIds(ids: readonly string[]): Promise<DeploymentRow[]> {
    return this.db.query(`${selectDeployments} WHERE d.id = ANY($1::uuid[])`, [ids]);
  }

  /** Ids and intervals of the deployments the worker analyses. */
  async listAnalysed(phases: readonly DeploymentPhase[]): Promise<{ id: string; intervalSeconds: number }[]> {
    const rows: { id: string; interval: number | null }[] = await this.db.query(
      `SELECT id, (settings ->> 'intervalSeconds')::int AS interval FROM deployments WHERE phase = ANY($1) ORDER BY id`,
      [phases],
    );
    return rows.map((r) => ({ id: r.id, intervalSeconds: r.interval ?? 300 }));
  }

  /** The newest deployment in one of `phases` whose candidate is this model version (what an alert names). */
  async findByCandidate(model: string, version: string, phases: readonly DeploymentPhase[]): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM deployments WHERE model = $1 AND candidate_version = $2 AND phase = ANY($3) ORDER BY created_at DESC LIMIT 1`,
      [model, version, phases],
    );
    return rows[0]?.id;
  }

  /** Why a version may not be deployed again (it was rolled back), or undefined. */
  async rejection(model: string, version: string, db: SqlRunner = this.db): Promise<{ deploymentId: string | null; reason: string; at: Date } | undefined> {
    const rows = (await db.query(`SELECT deployment_id, reason, at FROM rejected_versions WHERE model = $1 AND version = $2`, [model, version])) as {
      deployment_id: string | null;
      reason: string;
      at: Date;
    }[];
    return rows[0] && { deploymentId: rows[0].deployment_id, reason: rows[0].reason, at: rows[0].at };
  }

  /** Marks a rolled-back version rejected (the latest rollback's reason wins). */
  async reject(tx: SqlRunner, model: string, version: string, deploymentId: string, reason: string): Promise<void> {
    await tx.query(
      `INSERT INTO rejected_versions (model, version, deployment_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (model, version) DO UPDATE SET deployment_id = excluded.deployment_id, reason = excluded.reason, at = now()`,
      [model, version, deploymentId, reason],
    );
  }
}
