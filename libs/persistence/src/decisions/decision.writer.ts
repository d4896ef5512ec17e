import type { Decision } from '@modelgate/contracts';

/** Runs SQL inside the caller's transaction (a TypeORM EntityManager or QueryRunner). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The destination of the `modelgate.decisions` topic in the outbox; webhooks are `webhook:<subscription id>`. */
export const KAFKA_DESTINATION = 'kafka';
export const webhookDestination = (subscriptionId: string): string => `webhook:${subscriptionId}`;

const INSERT_DECISION_SQL = `
  INSERT INTO decisions (id, deployment_id, monitor_id, analysis_id, action, reason, evidence, idempotency_key, record, created_at)
  VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $1::uuid::text, $8, $9)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;
// ($1 is both the id and the idempotency key: cast alike, or PostgreSQL deduces two types for it.)

// One outbox row for the topic and one per active subscription that matches the decision
// (empty filters match everything), all in the decision's transaction.
const INSERT_OUTBOX_SQL = `
  INSERT INTO outbox (decision_id, deployment_id, destination, payload)
  SELECT $1, $2, d.destination, $3::jsonb
  FROM (
    SELECT $4::text AS destination
    UNION ALL
    SELECT 'webhook:' || s.id FROM webhook_subscriptions s
    WHERE s.state = 'active' AND s.deleted_at IS NULL
      AND (cardinality(s.deployment_ids) = 0 OR $2::uuid = ANY (s.deployment_ids))
      AND (cardinality(s.models) = 0 OR $5::text = ANY (s.models))
      AND (cardinality(s.actions) = 0 OR $6::text = ANY (s.actions))
  ) AS d
  ON CONFLICT (decision_id, destination) DO NOTHING`;

/**
 * Writes a decision and its outbox rows in the caller's transaction, so that the state change, the
 * decision and its delivery stand or fall together. Returns false when a decision with this id
 * already exists (the same analysis decided twice): nothing is written the second time.
 */
export async function writeDecision(db: SqlRunner, decision: Decision): Promise<boolean> {
  const inserted = (await db.query(INSERT_DECISION_SQL, [
    decision.id,
    decision.deploymentId,
    decision.monitorId,
    decision.analysisId,
    decision.action,
    decision.reason,
    JSON.stringify(decision.evidence),
    JSON.stringify(decision),
    decision.madeAt,
  ])) as unknown[];
  if (inserted.length === 0) return false;
  await db.query(INSERT_OUTBOX_SQL, [decision.id, decision.deploymentId, JSON.stringify(decision), KAFKA_DESTINATION, decision.model, decision.action]);
  return true;
}
