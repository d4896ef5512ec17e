import type { SqlRunner } from '../decisions/decision.writer';

/**
 * Predictions, errors and outcomes per variant over all the deployment's rollup buckets: what a
 * report reads beside the engine's repositories, never the events tables, so a report's cost does
 * not grow with the number of events ever ingested.
 */
export async function variantTotals(db: SqlRunner, deploymentId: string): Promise<Record<string, { predictions: number; errors: number; outcomes: number }>> {
  const rows = (await db.query(
    `SELECT variant, sum(predictions)::float8 AS predictions, sum(errors)::float8 AS errors, sum(outcomes)::float8 AS outcomes
     FROM rollups WHERE deployment_id = $1 GROUP BY variant ORDER BY variant`,
    [deploymentId],
  )) as { variant: string; predictions: number; errors: number; outcomes: number }[];
  return Object.fromEntries(rows.map((r) => [r.variant, { predictions: r.predictions, errors: r.errors, outcomes: r.outcomes }]));
}

