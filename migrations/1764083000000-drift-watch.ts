import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drift watch (issue 12):
 * - `monitors`: one per model version, with its settings (features, method, thresholds, window,
 *   reference, detectors); created for every version of a live deployment and by the api.
 * - `version_rollups`: per (model, version, bucket) feature sketches and predicted labels, written by
 *   ingest in the batch's transaction, whether or not the version is in a deployment.
 * - `labelled_pairs`: the labelled error stream of each version in join order (`seq`), so the
 *   concept-drift detectors read only the pairs joined since their checkpoint.
 * - `monitor_references`: a monitor's reference as sketches (never raw events).
 * - `monitor_checkpoints`: the detectors' state, the last pair fed, the drift episode.
 * - `drift_analyses`: one row per tick (the history); `monitor_audit`: who changed a monitor or its reference.
 */
export class DriftWatch1764083000000 implements MigrationInterface {
  name = 'DriftWatch1764083000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE monitors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model text NOT NULL,
        version text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (model, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE version_rollups (
        model text NOT NULL,
        version text NOT NULL,
        bucket_start timestamptz NOT NULL,
        predictions bigint NOT NULL DEFAULT 0,
        feature_sketches jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (model, version, bucket_start)
      )`);
    await queryRunner.query(`
      CREATE TABLE labelled_pairs (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        model text NOT NULL,
        version text NOT NULL,
        error boolean NOT NULL,
        predicted_at timestamptz NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX labelled_pairs_version_idx ON labelled_pairs (model, version, seq)`);
    await queryRunner.query(`
      CREATE TABLE monitor_references (
        monitor_id uuid PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('first_window', 'uploaded', 'fixed_window')),
        window_start timestamptz,
        window_end timestamptz,
        events bigint NOT NULL,
        feature_sketches jsonb NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE monitor_checkpoints (
        monitor_id uuid PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
        last_seq bigint NOT NULL DEFAULT 0,
        detectors jsonb NOT NULL DEFAULT '[]'::jsonb,
        episode integer NOT NULL DEFAULT 0,
        drifting boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE drift_analyses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        monitor_id uuid NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('stable', 'warning', 'drift', 'waiting')),
        evidence jsonb NOT NULL,
        notes jsonb NOT NULL DEFAULT '[]'::jsonb,
        decision_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX drift_analyses_monitor_idx ON drift_analyses (monitor_id, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE monitor_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        monitor_id uuid NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        action text NOT NULL,
        key_id text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['monitor_audit', 'drift_analyses', 'monitor_checkpoints', 'monitor_references', 'labelled_pairs', 'version_rollups', 'monitors']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
