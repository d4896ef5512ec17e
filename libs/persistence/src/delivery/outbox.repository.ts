import { Injectable } from '@nestjs/common';
import type { Decision } from '@modelgate/contracts';
import { DataSource } from 'typeorm';

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

/** The outcome of `attempt`: skipped (someone else has it, it is not first in line, not due, or done) or settled. */
export type AttemptOutcome =
  | { kind: 'skipped'; why: 'locked' | 'done' | 'waiting' }
  /** Woken early (a clock apart from the database's): comes back when due. */
  | { kind: 'early'; due: DueRow }
  | { kind: 'settled'; row: OutboxRow; settlement: Settlement };

const SAME_LINE = `destination = $1 AND deployment_id IS NOT DISTINCT FROM $2::uuid AND state = 'pending'`;

/**
 * Queries of the outbox for delivery. One row is attempted inside a transaction that holds its row
 * lock (FOR UPDATE SKIP LOCKED) from the order check to the settlement, so two workers never send
 * the same row at once; a crash rolls the lock back and the row stays pending.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: DataSource) {}

  async attempt(id: string, send: (row: OutboxRow) => Promise<Settlement>): Promise<AttemptOutcome> {
    return this.db.transaction(async (tx) => {
      const rows: (Omit<OutboxRow, 'decision'> & { decision: Decision; dueInMs: string; state: string })[] = await tx.query(
        // The subscription comes in the same query: no second connection while this one is held.
        `SELECT o.id::text, o.decision_id AS "decisionId", o.deployment_id AS "deploymentId", o.destination, o.payload AS decision, o.attempts,
                o.created_at AS "createdAt", o.budget_started_at AS "budgetStartedAt", o.state,
                ceil(extract(epoch FROM o.next_attempt_at - now()) * 1000)::text AS "dueInMs",
                CASE WHEN s.id IS NOT NULL THEN json_build_object('url', s.url, 'secrets', s.secrets, 'state', s.state) END AS webhook
         FROM outbox o LEFT JOIN webhook_subscriptions s ON o.destination = 'webhook:' || s.id::text AND s.deleted_at IS NULL
         WHERE o.id = $1 FOR UPDATE OF o SKIP LOCKED`,
        [id],
      );
      const row = rows[0];
      if (!row) return { kind: 'skipped', why: 'locked' };
      if (row.state !== 'pending') return { kind: 'skipped', why: 'done' };
      // A few milliseconds early is due: the queue's clock and the database's are not the same clock.
      if (Number(row.dueInMs) > 20) return { kind: 'early', due: { id, attempts: row.attempts, delayMs: Number(row.dueInMs) } };
      const earlier: unknown[] = await tx.query(`SELECT 1 FROM outbox WHERE ${SAME_LINE} AND id < $3 LIMIT 1`, [row.destination, row.deploymentId, id]);
      if (earlier.length > 0) return { kind: 'skipped', why: 'waiting' };
      const { state: _state, dueInMs: _due, ...outboxRow } = row;
      const settlement = await send(outboxRow);
      await this.settle(tx, outboxRow, settlement);
      return { kind: 'settled', row: outboxRow, settlement };
    });
  }

  /** The first pending row after a settled one, in the same destination and deployment. */
  async next(row: Pick<OutboxRow, 'destination' | 'deploymentId'>): Promise<DueRow | null> {
    const rows: { id: string; attempts: number; delayMs: string }[] = await this.db.query(
      `SELECT id::text, attempts, greatest(0, ceil(extract(epoch FROM next_attempt_at - now()) * 1000))::text AS "delayMs"
       FROM outbox WHERE ${SAME_LINE} ORDER BY id LIMIT 1`,
      [row.destination, row.deploymentId],
    );
    return rows[0] ? { ...rows[0], delayMs: Number(rows[0].delayMs) } : null;
  }

  /** One row by id (a notification names it). */
  async pending(id: string): Promise<DueRow | null> {
    const rows: { id: string; attempts: number; delayMs: string }[] = await this.db.query(
      `SELECT id::text, attempts, greatest(0, ceil(extract(epoch FROM next_attempt_at - now()) * 1000))::text AS "delayMs"
       FROM outbox WHERE id = $1 AND state = 'pending'`,
      [id],
    );
    return rows[0] ? { ...rows[0], delayMs: Number(rows[0].delayMs) } : null;
  }

  /** The first pending row of every destination and deployment: what the reconciler enqueues. */
  async heads(): Promise<DueRow[]> {
    const rows: { id: string; attempts: number; delayMs: string }[] = await this.db.query(
      `SELECT id::text, attempts, greatest(0, ceil(extract(epoch FROM next_attempt_at - now()) * 1000))::text AS "delayMs"
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

  private async settle(tx: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, row: OutboxRow, s: Settlement): Promise<void> {
    const error = s.state === 'delivered' ? null : s.error;
    const delayMs = s.state === 'pending' ? s.delayMs : 0;
    await tx.query(
      `UPDATE outbox SET state = $2, attempts = attempts + 1, last_status = $3, last_error = $4,
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
              next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
       WHERE id = $1`,
      [row.id, s.state, s.status, error, delayMs],
    );
    if (s.state !== 'gone' || !row.destination.startsWith('webhook:')) return;
    const subscriptionId = row.destination.slice('webhook:'.length);
    await tx.query(`UPDATE webhook_subscriptions SET state = 'disabled', disabled_reason = $2 WHERE id = $1`, [subscriptionId, error]);
    await tx.query(`UPDATE outbox SET state = 'gone', last_error = $2 WHERE destination = $1 AND state = 'pending'`, [
      row.destination,
      `not sent: the subscription was disabled (${error})`,
    ]);
  }
}
