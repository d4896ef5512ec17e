import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables the design's data flow needs: deployments (with their variants and steps), the
 * prediction and outcome events keyed by event_id, the rollups analysis reads, analyses,
 * decisions with their outbox, and API keys. Append-only: later changes get their own migration.
 */
export class InitialSchema1764063000000 implements MigrationInterface {
  name = 'InitialSchema1764063000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model text NOT NULL,
        name text NOT NULL,
        strategy text NOT NULL CHECK (strategy IN ('recreate', 'rolling', 'blue_green', 'canary', 'ab_test', 'shadow')),
        phase text NOT NULL DEFAULT 'initializing',
        baseline_version text NOT NULL,
        candidate_version text,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        targeting jsonb,
        canary_salt text NOT NULL,
        ab_salt text NOT NULL,
        current_step integer NOT NULL DEFAULT 0,
        traffic_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (traffic_percent BETWEEN 0 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX deployments_model_idx ON deployments (model, phase)`);
    await queryRunner.query(`
      CREATE TABLE deployment_variants (
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        name text NOT NULL,
        version text NOT NULL,
        weight numeric(9, 6) NOT NULL DEFAULT 0 CHECK (weight >= 0),
        PRIMARY KEY (deployment_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE deployment_steps (
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        step_index integer NOT NULL,
        traffic_percent numeric(5, 2) NOT NULL CHECK (traffic_percent BETWEEN 0 AND 100),
        started_at timestamptz,
        finished_at timestamptz,
        outcome text,
        PRIMARY KEY (deployment_id, step_index)
      )`);

    await queryRunner.query(`
      CREATE TABLE prediction_events (
        event_id uuid PRIMARY KEY,
        deployment_id uuid REFERENCES deployments (id) ON DELETE SET NULL,
        variant text,
        model text NOT NULL,
        version text NOT NULL,
        unit_id text NOT NULL,
        request_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        features jsonb NOT NULL DEFAULT '{}'::jsonb,
        label text,
        scores jsonb,
        latency_ms double precision,
        error text,
        shadow boolean NOT NULL DEFAULT false,
        ingested_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX prediction_events_request_idx ON prediction_events (request_id)`);
    await queryRunner.query(
      `CREATE INDEX prediction_events_deployment_idx ON prediction_events (deployment_id, occurred_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE outcome_events (
        event_id uuid PRIMARY KEY,
        request_id text NOT NULL,
        unit_id text,
        occurred_at timestamptz NOT NULL,
        label text,
        value double precision,
        ingested_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX outcome_events_request_idx ON outcome_events (request_id)`);

    // One row per deployment, variant and time bucket: analysis reads only these.
    await queryRunner.query(`
      CREATE TABLE rollups (
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        variant text NOT NULL,
        bucket_start timestamptz NOT NULL,
        predictions bigint NOT NULL DEFAULT 0,
        errors bigint NOT NULL DEFAULT 0,
        shadow_predictions bigint NOT NULL DEFAULT 0,
        latency_sum double precision NOT NULL DEFAULT 0,
        latency_histogram jsonb NOT NULL DEFAULT '{}'::jsonb,
        outcomes bigint NOT NULL DEFAULT 0,
        outcome_sum double precision NOT NULL DEFAULT 0,
        outcome_sum_squares double precision NOT NULL DEFAULT 0,
        correct bigint NOT NULL DEFAULT 0,
        incorrect bigint NOT NULL DEFAULT 0,
        feature_sketches jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (deployment_id, variant, bucket_start)
      )`);

    await queryRunner.query(`
      CREATE TABLE analyses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        step_index integer NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        verdict text NOT NULL,
        results jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX analyses_deployment_idx ON analyses (deployment_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        analysis_id uuid REFERENCES analyses (id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('promote', 'rollback', 'retrain', 'hold', 'next_step')),
        reason text NOT NULL,
        evidence jsonb NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Written in the decision's transaction, delivered afterwards; a reconciler re-enqueues what is undelivered.
    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
        destination text NOT NULL,
        payload jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (decision_id, destination)
      )`);
    await queryRunner.query(
      `CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'operator', 'service', 'analyst', 'gate')),
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'api_keys',
      'outbox',
      'decisions',
      'analyses',
      'rollups',
      'outcome_events',
      'prediction_events',
      'deployment_steps',
      'deployment_variants',
      'deployments',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
