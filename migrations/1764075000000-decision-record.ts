import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision record (`modelgate.decision/v1`) and its delivery:
 * - `decisions.record` holds the whole record, carried unchanged by every consumer; its id is the
 *   idempotency key. A retrain of a version in no deployment has a monitor instead of a deployment.
 * - `webhook_subscriptions`: who hears which decisions (Standard Webhooks; secrets `whsec_…`).
 * - `outbox`: one row per decision and destination (`kafka`, or `webhook:<subscription id>`), written in
 *   the decision's transaction; delivery works from it and the reconciler re-enqueues what is undelivered.
 */
export class DecisionRecord1764075000000 implements MigrationInterface {
  name = 'DecisionRecord1764075000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_action_check`);
    await queryRunner.query(
      `ALTER TABLE decisions ADD CONSTRAINT decisions_action_check CHECK (action IN ('advance', 'promote', 'rollback', 'hold', 'retrain'))`,
    );
    await queryRunner.query(`ALTER TABLE decisions ALTER COLUMN deployment_id DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE decisions ALTER COLUMN id DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE decisions ADD COLUMN monitor_id uuid`);
    await queryRunner.query(`ALTER TABLE decisions ADD COLUMN record jsonb NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE decisions ADD CONSTRAINT decisions_subject_check CHECK (deployment_id IS NOT NULL OR monitor_id IS NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX decisions_deployment_idx ON decisions (deployment_id, created_at)`);
    await queryRunner.query(`CREATE INDEX decisions_monitor_idx ON decisions (monitor_id, created_at) WHERE monitor_id IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        -- Standard Webhooks secrets ("whsec_" + base64), newest first; several during a rotation.
        secrets text[] NOT NULL,
        -- Empty arrays match everything.
        deployment_ids uuid[] NOT NULL DEFAULT '{}',
        models text[] NOT NULL DEFAULT '{}',
        actions text[] NOT NULL DEFAULT '{}',
        -- 'active'; 'disabled' after a 410 Gone or by hand.
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
        disabled_reason text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);

    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN deployment_id uuid`);
    await queryRunner.query(
      `ALTER TABLE outbox ADD COLUMN state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed', 'gone'))`,
    );
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN last_status integer`);
    await queryRunner.query(`DROP INDEX outbox_pending_idx`);
    await queryRunner.query(`CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE state = 'pending'`);
    // Order per deployment and destination: the oldest undelivered row goes first.
    await queryRunner.query(`CREATE INDEX outbox_order_idx ON outbox (destination, deployment_id, id) WHERE state = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX outbox_order_idx`);
    await queryRunner.query(`DROP INDEX outbox_pending_idx`);
    await queryRunner.query(`CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL`);
    await queryRunner.query(`ALTER TABLE outbox DROP COLUMN last_status, DROP COLUMN state, DROP COLUMN deployment_id`);
    await queryRunner.query(`DROP TABLE webhook_subscriptions`);
    await queryRunner.query(`DROP INDEX decisions_monitor_idx`);
    await queryRunner.query(`DROP INDEX decisions_deployment_idx`);
    await queryRunner.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_subject_check`);
    await queryRunner.query(`ALTER TABLE decisions DROP COLUMN record, DROP COLUMN monitor_id`);
    await queryRunner.query(`ALTER TABLE decisions ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await queryRunner.query(`ALTER TABLE decisions ALTER COLUMN deployment_id SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_action_check`);
    await queryRunner.query(
      `ALTER TABLE decisions ADD CONSTRAINT decisions_action_check CHECK (action IN ('promote', 'rollback', 'retrain', 'hold', 'next_step'))`,
    );
  }
}
