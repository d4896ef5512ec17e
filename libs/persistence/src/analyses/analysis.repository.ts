import { Injectable } from '@nestjs/common';
import type { DecisionAction, DeploymentPhase, Evidence } from '@modelgate/contracts';
import { DataSource } from 'typeorm';
import type { SqlRunner } from '../decisions/decision.writer';

/** One analysis as the api returns it. */
export interface AnalysisView {
  id: string;
  deploymentId: string;
  /** 1, 2, … per deployment: the n of its decision's idempotency key. */
  number: number;
  step: number;
  window: { start: string; end: string };
  action: DecisionAction;
  phaseBefore: DeploymentPhase | null;
  phaseAfter: DeploymentPhase | null;
  evidence: Evidence;
  createdAt: string;
}

export interface NewAnalysis {
  deploymentId: string;
  number: number;
  step: number;
  window: { start: string; end: string };
  action: DecisionAction;
  phaseBefore: DeploymentPhase;
  phaseAfter: DeploymentPhase;
  evidence: Evidence;
  at: Date;
}

interface AnalysisRow {
  id: string;
  deployment_id: string;
  number: number;
  step_index: number;
  window_start: Date;
  window_end: Date;
  action: DecisionAction;
  phase_before: DeploymentPhase | null;
  phase_after: DeploymentPhase | null;
  results: Evidence;
  created_at: Date;
}

const toView = (r: AnalysisRow): AnalysisView => ({
  id: r.id,
  deploymentId: r.deployment_id,
  number: r.number,
  step: r.step_index,
  window: { start: r.window_start.toISOString(), end: r.window_end.toISOString() },
  action: r.action,
  phaseBefore: r.phase_before,
  phaseAfter: r.phase_after,
  evidence: r.results,
  createdAt: r.created_at.toISOString(),
});

/** Analyses: one row per tick, the evidence as `results`. */
@Injectable()
export class AnalysisRepository {
  constructor(private readonly db: DataSource) {}

  /** Inserts in the caller's transaction; `number` is unique per deployment, so a tick cannot be written twice. */
  async insert(tx: SqlRunner, a: NewAnalysis): Promise<AnalysisView> {
    const [row] = (await tx.query(
      `INSERT INTO analyses (deployment_id, number, step_index, window_start, window_end, action, phase_before, phase_after, results, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [a.deploymentId, a.number, a.step, a.window.start, a.window.end, a.action, a.phaseBefore, a.phaseAfter, JSON.stringify(a.evidence), a.at],
    )) as AnalysisRow[];
    return toView(row!);
  }

  /** Oldest first. */
  async list(deploymentId: string, limit = 500): Promise<AnalysisView[]> {
    const rows: AnalysisRow[] = await this.db.query(
      `SELECT * FROM analyses WHERE deployment_id = $1 ORDER BY number LIMIT $2`,
      [deploymentId, limit],
    );
    return rows.map(toView);
  }

  /** When the deployment was last analysed, or null. */
  async lastAt(tx: SqlRunner, deploymentId: string): Promise<Date | null> {
    const [row] = (await tx.query(`SELECT max(created_at) AS at FROM analyses WHERE deployment_id = $1`, [deploymentId])) as { at: Date | null }[];
    return row?.at ?? null;
  }
}
