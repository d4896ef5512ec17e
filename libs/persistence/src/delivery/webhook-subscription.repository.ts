import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A subscription without its secrets: what the API shows after creation. */
export interface SubscriptionRow {
  id: string;
  url: string;
  deploymentIds: string[];
  models: string[];
  actions: string[];
  state: 'active' | 'disabled';
  disabledReason: string | null;
  createdAt: string;
}

export interface NewSubscription {
  url: string;
  secret: string;
  deploymentIds: string[];
  models: string[];
  actions: string[];
  createdBy: string | null;
}

/** One delivery (an outbox row of a webhook subscription) as the API shows it. */
export interface DeliveryRow {
  id: string;
  decisionId: string;
  deploymentId: string | null;
  action: string;
  state: 'pending' | 'delivered' | 'failed' | 'gone';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const SUBSCRIPTION = `id, url, deployment_ids AS "deploymentIds", models, actions, state, disabled_reason AS "disabledReason",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const DELIVERY = `id::text, decision_id AS "decisionId", deployment_id AS "deploymentId", payload->>'action' AS action, state, attempts,
  last_status AS "lastStatus", last_error AS "lastError", CASE WHEN state = 'pending' THEN ${iso('next_attempt_at')} END AS "nextAttemptAt",
  ${iso('delivered_at')} AS "deliveredAt", ${iso('created_at')} AS "createdAt"`;
const destination = (id: string) => `webhook:${id}`;

/** Queries of webhook subscriptions and their deliveries. Secrets are written here; only delivery reads them (OutboxRepository). */
@Injectable()
export class WebhookSubscriptionRepository {
  constructor(private readonly db: DataSource) {}

  async insert(s: NewSubscription): Promise<SubscriptionRow> {
    const [row]: SubscriptionRow[] = await this.db.query(
      `INSERT INTO webhook_subscriptions (url, secrets, deployment_ids, models, actions, created_by)
       VALUES ($1, ARRAY[$2], $3, $4, $5, $6) RETURNING ${SUBSCRIPTION}`,
      [s.url, s.secret, s.deploymentIds, s.models, s.actions, s.createdBy],
    );
    return row!;
  }

  async list(): Promise<SubscriptionRow[]> {
    return this.db.query(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY created_at DESC, id`);
  }

  async get(id: string): Promise<SubscriptionRow | null> {
    const rows: SubscriptionRow[] = await this.db.query(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0] ?? null;
  }

  /** Deletes a subscription; its pending deliveries will not be sent. */
  async delete(id: string): Promise<SubscriptionRow | null> {
    return this.db.transaction(async (tx) => {
      const rows: SubscriptionRow[] = await tx.query(
        `UPDATE webhook_subscriptions SET deleted_at = now(), state = 'disabled', disabled_reason = 'deleted'
         WHERE id = $1 AND deleted_at IS NULL RETURNING ${SUBSCRIPTION}`,
        [id],
      );
      if (rows.length === 0) return null;
      await tx.query(`UPDATE outbox SET state = 'gone', last_error = 'not sent: the subscription was deleted' WHERE destination = $1 AND state = 'pending'`, [
        destination(id),
      ]);
      return rows[0]!;
    });
  }

  async deliveries(id: string, state: DeliveryRow['state'] | undefined, limit: number): Promise<DeliveryRow[]> {
    return this.db.query(
      `SELECT ${DELIVERY} FROM outbox WHERE destination = $1 AND ($2::text IS NULL OR state = $2) ORDER BY id DESC LIMIT $3`,
      [destination(id), state ?? null, limit],
    );
  }

  /** Puts a failed (or gone) delivery back in line with a fresh retry budget; null when there is none such. */
  async retry(id: string, deliveryId: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.db.query(
      `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = now(), budget_started_at = now(), last_error = NULL
       WHERE id = $2 AND destination = $1 AND state IN ('failed', 'gone') RETURNING ${DELIVERY}`,
      [destination(id), deliveryId],
    );
    return rows[0] ?? null;
  }

  async delivery(id: string, deliveryId: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.db.query(`SELECT ${DELIVERY} FROM outbox WHERE id = $2 AND destination = $1`, [destination(id), deliveryId]);
    return rows[0] ?? null;
  }
}
