import type { Decision, DriftEvidence, ReportDeployment } from '@modelgate/contracts';
import type { SqlRunner } from '../decisions/decision.writer';

/**
 * What a report reads: the deployment, its decisions (each analysis' evidence), its rollups' totals,
 * the audit log's control actions and the latest drift of its versions. Never the events tables,
 * so a report's cost does not grow with the number of events ever ingested.
 */

interface DeploymentReportRow {
  id: string;
  name: string;
  model: string;
  strategy: ReportDeployment['strategy'];
  phase: string;
  baseline_version: string;
  candidate_version: string | null;
  current_step: number;
  share: number;
  primary_metric: ReportDeployment['primaryMetric'] | null;
  created_at: Date;
  steps: number[];
  arms: ReportDeployment['arms'];
}

// The only SQL of the report that names `deployments` and `deployment_steps` columns: the rollout
// engine renames traffic_percent (→ candidate_share, and share in deployment_steps) and canary_salt.
const DEPLOYMENT_SQL = `
  SELECT d.id, d.name, d.model, d.strategy, d.phase, d.baseline_version, d.candidate_version, d.current_step,
         d.candidate_share::float8 AS share, d.settings -> 'primaryMetric' AS primary_metric, d.created_at,
         coalesce((SELECT json_agg(s.share::float8 ORDER BY s.step_index)
                   FROM deployment_steps s WHERE s.deployment_id = d.id), '[]'::json) AS steps,
         coalesce((SELECT json_agg(json_build_object('name', v.name, 'version', v.version, 'weight', v.weight::float8) ORDER BY v.name)
                   FROM deployment_variants v WHERE v.deployment_id = d.id AND d.strategy = 'ab_test'), '[]'::json) AS arms
  FROM deployments d WHERE d.id = $1`;

/** The deployment as the report shows it; undefined when there is none with this id. */
export async function findReportDeployment(db: SqlRunner, deploymentId: string): Promise<ReportDeployment | undefined> {
  const [row] = (await db.query(DEPLOYMENT_SQL, [deploymentId])) as DeploymentReportRow[];
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    strategy: row.strategy,
    phase: row.phase,
    baselineVersion: row.baseline_version,
    candidateVersion: row.candidate_version ?? row.baseline_version,
    steps: row.steps,
    currentStep: row.current_step,
    share: row.share,
    arms: row.arms,
    primaryMetric: row.primary_metric,
    createdAt: row.created_at.toISOString(),
  };
}

/** Every decision of the deployment, oldest first, as written (`modelgate.decision/v1`). */
export async function listDeploymentDecisions(db: SqlRunner, deploymentId: string): Promise<Decision[]> {
  const rows = (await db.query(`SELECT record FROM decisions WHERE deployment_id = $1 ORDER BY created_at, id`, [deploymentId])) as { record: Decision }[];
  return rows.map((r) => r.record);
}

/** Predictions, errors and outcomes per variant over all the deployment's rollup buckets. */
export async function sumRollups(db: SqlRunner, deploymentId: string): Promise<Record<string, { predictions: number; errors: number; outcomes: number }>> {
  const rows = (await db.query(
    `SELECT variant, sum(predictions)::float8 AS predictions, sum(errors)::float8 AS errors, sum(outcomes)::float8 AS outcomes
     FROM rollups WHERE deployment_id = $1 GROUP BY variant ORDER BY variant`,
    [deploymentId],
  )) as { variant: string; predictions: number; errors: number; outcomes: number }[];
  return Object.fromEntries(rows.map((r) => [r.variant, { predictions: r.predictions, errors: r.errors, outcomes: r.outcomes }]));
}

/**
 * Control actions from the engine's audit log (who started, paused, approved, aborted), oldest
 * first; none while the table does not exist. Analyses are left out: their decisions say more.
 */
export async function listControlActions(db: SqlRunner, deploymentId: string): Promise<{ at: string; action: string; actor: string | null; detail: string }[]> {
  const [table] = (await db.query(`SELECT to_regclass('audit_log') IS NOT NULL AS present`)) as { present: boolean }[];
  if (!table?.present) return [];
  const rows = (await db.query(
    `SELECT at, action, key_name AS actor, coalesce(detail ->> 'reason', detail::text) AS detail
     FROM audit_log WHERE deployment_id = $1 AND action <> 'analyse' ORDER BY at, id`,
    [deploymentId],
  )) as { at: Date; action: string; actor: string | null; detail: string }[];
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/**
 * The newest drift evidence of each of `versions` of `model`: a monitor's decision, or a retrain of
 * the deployment (its holds and advances are not opened: their evidence is read once, in order).
 */
export async function latestDrift(db: SqlRunner, deploymentId: string, model: string, versions: string[]): Promise<DriftEvidence[]> {
  const rows = (await db.query(
    `SELECT DISTINCT ON (record ->> 'version') evidence -> 'drift' AS drift
     FROM decisions
     WHERE ((deployment_id = $1 AND action = 'retrain') OR (monitor_id IS NOT NULL AND record ->> 'model' = $2))
       AND record ->> 'version' = ANY ($3) AND jsonb_typeof(evidence -> 'drift') = 'object'
     ORDER BY record ->> 'version', created_at DESC`,
    [deploymentId, model, versions],
  )) as { drift: DriftEvidence }[];
  return rows.map((r) => r.drift);
}
