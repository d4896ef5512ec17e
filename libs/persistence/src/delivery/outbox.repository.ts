import { Injectable } from '@nestjs/common';
import type { Decision } from '@modelgate/contracts';
import { DataSource } from 'typeorm';
import { KAFKA_DESTINATION } from '../decisions/decision.writer';

/** An outbox row as delivery sees it. */
export interface OutboxRow {
  id: string;
  decisionId: string;
  deploymentId: string | null;
  destination: string;
  decision: Decision;
  attempts: number;
  createdAt: Date;
  budgetStartedAt: Date;
  /** The subscription of a webhook row (null for other destinations, or once deleted). */
  webhook: { url: string; secrets: string[]; state: 'active' | 'disabled' } | null;
}

/** A row to (re-)enqueue: its id, attempts so far, and how long until it is due. */
export interface DueRow {
  id: string;
  attempts: number;
  delayMs: number;
}

/** What one attempt changes on its row. */
export type Settlement =
  | { state: 'delivered'; status: number | null }
  | { state: 'pending'; status: number | null; error: string; delayMs: number }
  | { state: 'failed'; status: number | null; error: string }
  /** 410: the row and every other pending row of the destination; the subscription is disabled. */
  | { state: 'gone'; status: number | null; error: string };

/**
 * The outcome of `claim`: the rows leased to the caller, in order; or nothing, because the line is
 * empty, another worker holds it (`busy`), or its first row waits for a retry (`early`: when it is due).
 */
export type Claim =
  | { kind: 'claimed'; rows: OutboxRow[] }
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'early'; due: DueRow };

/** Rows per claim and their lease, for a Kafka line and for a webhook line. */
export interface ClaimLimits {
  kafka: { rows: number; leaseMs: number };
  webhook: { rows: number; leaseMs: number };
}

/** The line of a row: the same destination and deployment, pending (outbox_order_idx). */
const LINE = `o.destination = l.destination AND o.deployment_id IS NOT DISTINCT FROM l.deployment_id AND o.state = 'pending'`;
/** A few milliseconds early is due: the queue's clock and the database's are not the same clock. */
const DUE = (t: string) => `${t}.next_attempt_at <= now() + interval '20 milliseconds' AND (${t}.leased_until IS NULL OR ${t}.leased_until <= now())`;
const lease = (param: string) => `now() + make_interval(secs => ${param}::double precision / 1000)`;

// Locking the first row of the line (FOR UPDATE, which waits and then reads the newest version)
// serialises claims of one line: a second worker sees the first one's lease and takes nothing.
const CLAIM_SQL = `
  WITH l AS (SELECT destination, deployment_id FROM outbox WHERE id = $1),
  head AS (SELECT o.id, o.attempts, o.next_attempt_at, o.leased_until FROM outbox o, l WHERE ${LINE} ORDER BY o.id LIMIT 1 FOR UPDATE OF o),
  line AS (
    SELECT o.id, o.destination FROM outbox o, l, head
    WHERE ${LINE} AND o.id >= head.id AND ${DUE('head')}
    ORDER BY o.id LIMIT (SELECT CASE WHEN destination = $2 THEN $3::int ELSE $5::int END FROM l)),
  claimed AS (
    UPDATE outbox o SET leased_until = CASE WHEN o.destination = $2 THEN ${lease('$4')} ELSE ${lease('$6')} END
    FROM line LEFT JOIN webhook_subscriptions s ON line.destination = 'webhook:' || s.id::text AND s.deleted_at IS NULL
    WHERE o.id = line.id
    RETURNING o.id::text, o.decision_id AS "decisionId", o.deployment_id AS "deploymentId", o.destination, o.payload AS decision, o.attempts,
              o.created_at AS "createdAt", o.budget_started_at AS "budgetStartedAt",
              CASE WHEN s.id IS NOT NULL THEN json_build_object('url', s.url, 'secrets', s.secrets, 'state', s.state) END AS webhook)
  SELECT (SELECT json_agg(c ORDER BY c.id::bigint) FROM claimed c) AS rows,
         head.id::text AS "headId", head.attempts AS "headAttempts", head.leased_until > now() AS leased,
         greatest(0, ceil(extract(epoch FROM head.next_attempt_at - now()) * 1000))::text AS "dueInMs"
  FROM (SELECT 1) AS one LEFT JOIN head ON true`;

// Settles attempted rows and, in the same statement, re-leases (or lets go of) the rest of the claim.
const SETTLE_SQL = `
  WITH s AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::double precision[]) AS t(id, state, status, error, delay_ms)),
  settled AS (
    UPDATE outbox o SET state = s.state, attempts = o.attempts + 1, last_status = s.status, last_error = s.error, leased_until = NULL,
           delivered_at = CASE WHEN s.state = 'delivered' THEN now() END,
           next_attempt_at = now() + make_interval(secs => s.delay_ms / 1000)
    FROM s WHERE o.id = s.id RETURNING o.id),
  rest AS (UPDATE outbox SET leased_until = ${lease('$7')} WHERE id = ANY ($6::bigint[]) AND state = 'pending' RETURNING id)
  SELECT (SELECT count(*) FROM settled) + (SELECT count(*) FROM rest) AS n`;

const DUE_ROW = `id::text, attempts, greatest(0, ceil(extract(epoch FROM next_attempt_at - now()) * 1000))::text AS "delayMs"`;

/**
 * Queries of the outbox for delivery. A worker claims the due rows at the head of a line with a
 * lease (one UPDATE … RETURNING), sends them, and settles them (one UPDATE): no transaction is held
 * while sending; a crash leaves the rows pending, and they are due again when the lease runs out.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: DataSource) {}

  /** Leases the due rows at the head of the line of row `id`: how many, and for how long, by the kind of line. */
  async claim(id: string, limits: ClaimLimits): Promise<Claim> {
    type Raw = Omit<OutboxRow, 'createdAt' | 'budgetStartedAt'> & { createdAt: string; budgetStartedAt: string };
    const [r]: { rows: Raw[] | null; headId: string | null; headAttempts: number | null; leased: boolean | null; dueInMs: string | null }[] =
      await this.db.query(CLAIM_SQL, [id, KAFKA_DESTINATION, limits.kafka.rows, limits.kafka.leaseMs, limits.webhook.rows, limits.webhook.leaseMs]);
    if (r?.rows) return { kind: 'claimed', rows: r.rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), budgetStartedAt: new Date(row.budgetStartedAt) })) };
    if (!r?.headId) return { kind: 'idle' };
    if (r.leased) return { kind: 'busy' };
    return { kind: 'early', due: { id: r.headId, attempts: r.headAttempts ?? 0, delayMs: Number(r.dueInMs) } };
  }

  /**
   * Settles the rows attempted (in one statement) and renews the lease of the `rest` of the claim
   * for `leaseMs`, or lets go of them (null). A 410 also disables the subscription and every pending
   * row of its destination, in one transaction.
   */
  async settle(settled: { row: OutboxRow; settlement: Settlement }[], rest: readonly string[], leaseMs: number | null): Promise<void> {
    const parameters = [
      settled.map((s) => s.row.id),
      settled.map((s) => s.settlement.state),
      settled.map((s) => s.settlement.status),
      settled.map((s) => (s.settlement.state === 'delivered' ? null : s.settlement.error)),
      settled.map((s) => (s.settlement.state === 'pending' ? s.settlement.delayMs : 0)),
      rest,
      leaseMs,
    ];
    const gone = settled.find((s) => s.settlement.state === 'gone');
    if (!gone || !gone.row.destination.startsWith('webhook:')) {
      await this.db.query(SETTLE_SQL, parameters);
      return;
    }
    const error = (gone.settlement as { error: string }).error;
    await this.db.transaction(async (tx) => {
      await tx.query(SETTLE_SQL, parameters);
      await tx.query(`UPDATE webhook_subscriptions SET state = 'disabled', disabled_reason = $2 WHERE id = $1`, [gone.row.destination.slice('webhook:'.length), error]);
      await tx.query(`UPDATE outbox SET state = 'gone', leased_until = NULL, last_error = $2 WHERE destination = $1 AND state = 'pending'`, [
        gone.row.destination,
        `not sent: the subscription was disabled (${error})`,
      ]);
    });
  }

  /** The first pending row of every destination and deployment: what the reconciler enqueues. */
  async heads(): Promise<DueRow[]> {
    const rows: { id: string; attempts: number; delayMs: string }[] = await this.db.query(
      `SELECT ${DUE_ROW}
       FROM (SELECT DISTINCT ON (destination, deployment_id) id, attempts, next_attempt_at
             FROM outbox WHERE state = 'pending' ORDER BY destination, deployment_id, id) AS head`,
    );
    return rows.map((r) => ({ ...r, delayMs: Number(r.delayMs) }));
  }

  /** Seconds since the oldest undelivered row was written; 0 when all are delivered. */
  async oldestPendingAgeSeconds(): Promise<number> {
    const [row]: { age: string | null }[] = await this.db.query(
      `SELECT extract(epoch FROM now() - min(created_at))::text AS age FROM outbox WHERE state = 'pending'`,
    );
    return row?.age ? Math.max(0, Number(row.age)) : 0;
  }
}
