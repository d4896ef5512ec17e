import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery and the gates:
 * - a NOTIFY on `modelgate_outbox` (payload: the row id) when an outbox row is inserted or put back to
 *   pending by hand, so the worker picks it up at once instead of polling;
 * - `outbox.budget_started_at`: where the retry budget counts from (a retry by hand starts it again);
 * - `flagger_gates`: the Flagger canary (name, namespace) linked to a deployment, and its gate token, hashed;
 * - `flagger_checksums`: when the gate first saw a release (checksum), so an older decision never counts for it;
 * - `gate_events`: what Flagger told us (`event`, `post-rollout` and every other hook), for the timeline.
 */
export class DeliveryGates1764082000000 implements MigrationInterface {
  name = 'DeliveryGates1764082000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN budget_started_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`
      CREATE FUNCTION modelgate_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('modelgate_outbox', NEW.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_notify_insert AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION modelgate_outbox_notify()`,
    );
    await queryRunner.query(`
      CREATE TRIGGER outbox_notify_retry AFTER UPDATE OF state ON outbox FOR EACH ROW
      WHEN (NEW.state = 'pending' AND OLD.state <> 'pending') EXECUTE FUNCTION modelgate_outbox_notify()`);

    await queryRunner.query(`
      CREATE TABLE flagger_gates (
        deployment_id uuid PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
        name text NOT NULL,
        namespace text NOT NULL,
        -- sha256 of the gate token (shown once, at link time).
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, namespace)
      )`);
    await queryRunner.query(`
      CREATE TABLE flagger_checksums (
        name text NOT NULL,
        namespace text NOT NULL,
        checksum text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (name, namespace, checksum)
      )`);
    await queryRunner.query(`
      CREATE TABLE gate_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('flagger')),
        hook text NOT NULL,
        name text NOT NULL,
        namespace text NOT NULL,
        checksum text,
        phase text,
        -- The event's message (metadata.eventMessage) or null.
        message text,
        -- The status we answered with.
        status integer NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX gate_events_deployment_idx ON gate_events (deployment_id, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gate_events`);
    await queryRunner.query(`DROP TABLE flagger_checksums`);
    await queryRunner.query(`DROP TABLE flagger_gates`);
    await queryRunner.query(`DROP TRIGGER outbox_notify_retry ON outbox`);
    await queryRunner.query(`DROP TRIGGER outbox_notify_insert ON outbox`);
    await queryRunner.query(`DROP FUNCTION modelgate_outbox_notify()`);
    await queryRunner.query(`ALTER TABLE outbox DROP COLUMN budget_started_at`);
  }
}
