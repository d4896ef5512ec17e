import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollout engine's schema, and one name per concept (design.md, "Names"):
 * - `traffic_percent` → `candidate_share` (deployments) and `share` (deployment_steps), in percent;
 *   `canary_salt` → `salt`; `analyses.verdict` → `action` (a decision's action).
 * - `deployments.state`: the engine's RolloutState between ticks (phase, step and share stay columns,
 *   so that assignment's LISTEN/NOTIFY path and SQL filters read them as before).
 * - `analyses.number`: the n of `deployment:<id>:analysis:<n>`, unique per deployment, so a retried
 *   tick can never write a second analysis for the same n.
 * - `rollups.agreement_pairs` / `agreements`: shadow predictions paired with the primary by request id.
 * - `audit_log`: every control action with the key that did it; `rejected_versions`: rolled-back
 *   versions, refused by new deployments unless overridden.
 * - `rollups_window_idx`: analysis sums a deployment's rollups over a time window; the primary key
 *   (deployment_id, variant, bucket_start) would scan every bucket of every variant ever written.
 */
export class RolloutEngine1764081000000 implements MigrationInterface {
  name = 'RolloutEngine1764081000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deployments RENAME COLUMN traffic_percent TO candidate_share`);
    await queryRunner.query(`ALTER TABLE deployments RENAME COLUMN canary_salt TO salt`);
    await queryRunner.query(`ALTER TABLE deployment_steps RENAME COLUMN traffic_percent TO share`);
    await queryRunner.query(`ALTER TABLE analyses RENAME COLUMN verdict TO action`);
    await queryRunner.query(`UPDATE deployments SET phase = 'pending' WHERE phase = 'initializing'`);
    await queryRunner.query(`UPDATE deployments SET phase = 'progressing' WHERE phase = 'running'`);
    await queryRunner.query(`ALTER TABLE deployments ALTER COLUMN phase SET DEFAULT 'pending'`);
    await queryRunner.query(
      `ALTER TABLE deployments ADD CONSTRAINT deployments_phase_check
       CHECK (phase IN ('pending', 'progressing', 'awaiting_approval', 'paused', 'watching', 'promoted', 'rolled_back', 'stopped'))`,
    );
    await queryRunner.query(`ALTER TABLE deployments ADD COLUMN state jsonb`);
    await queryRunner.query(`ALTER TABLE analyses ADD COLUMN number integer`);
    await queryRunner.query(`ALTER TABLE analyses ADD COLUMN phase_before text, ADD COLUMN phase_after text`);
    await queryRunner.query(`CREATE UNIQUE INDEX analyses_number_idx ON analyses (deployment_id, number)`);

    await queryRunner.query(`ALTER TABLE rollups ADD COLUMN agreement_pairs bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE rollups ADD COLUMN agreements bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`CREATE INDEX rollups_window_idx ON rollups (deployment_id, bucket_start)`);

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        deployment_id uuid REFERENCES deployments (id) ON DELETE CASCADE,
        -- start, pause, resume, abort, approve, analyse, alert_firing, alert_resolved, create
        action text NOT NULL,
        -- The API key's id (text: the bootstrap admin key has the id 'bootstrap-admin'), and its name then.
        key_id text,
        key_name text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_deployment_idx ON audit_log (deployment_id, at)`);
    await queryRunner.query(`
      CREATE TABLE rejected_versions (
        model text NOT NULL,
        version text NOT NULL,
        deployment_id uuid REFERENCES deployments (id) ON DELETE SET NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model, version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rejected_versions`);
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP INDEX rollups_window_idx`);
    await queryRunner.query(`ALTER TABLE rollups DROP COLUMN agreements, DROP COLUMN agreement_pairs`);
    await queryRunner.query(`DROP INDEX analyses_number_idx`);
    await queryRunner.query(`ALTER TABLE analyses DROP COLUMN phase_after, DROP COLUMN phase_before, DROP COLUMN number`);
    await queryRunner.query(`ALTER TABLE deployments DROP COLUMN state`);
    await queryRunner.query(`ALTER TABLE deployments DROP CONSTRAINT deployments_phase_check`);
    await queryRunner.query(`ALTER TABLE deployments ALTER COLUMN phase SET DEFAULT 'initializing'`);
    await queryRunner.query(`UPDATE deployments SET phase = 'running' WHERE phase NOT IN ('pending', 'paused', 'promoted', 'rolled_back')`);
    await queryRunner.query(`ALTER TABLE analyses RENAME COLUMN action TO verdict`);
    await queryRunner.query(`ALTER TABLE deployment_steps RENAME COLUMN share TO traffic_percent`);
    await queryRunner.query(`ALTER TABLE deployments RENAME COLUMN salt TO canary_salt`);
    await queryRunner.query(`ALTER TABLE deployments RENAME COLUMN candidate_share TO traffic_percent`);
  }
}
