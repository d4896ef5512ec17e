import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bounded event store (issue 14): `prediction_events` and `outcome_events` become partitioned by
 * `occurred_at`, one partition per UTC day (`prediction_events_p20261130`), so that the worker drops
 * whole expired days instead of deleting rows. A partitioned table's unique index must hold the
 * partition key: an event is now keyed by `(event_id, occurred_at)`; a replay carries the same id and
 * timestamp, so it still conflicts. Existing rows move into one partition per day they cover; the
 * days from today to today + 3 are created too, so a fresh database takes events at once (ingest and
 * the worker create the others, see EventPartitions). Rollups and the rest are untouched.
 */
export class PartitionedEvents1764090000000 implements MigrationInterface {
  name = 'PartitionedEvents1764090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE prediction_events RENAME TO prediction_events_unpartitioned`);
    await queryRunner.query(`ALTER TABLE outcome_events RENAME TO outcome_events_unpartitioned`);
    // Free the index names for the partitioned tables (the old table is dropped below).
    for (const index of ['prediction_events_pkey', 'outcome_events_pkey']) {
      const table = index.replace('_pkey', '_unpartitioned');
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${index}`);
    }
    await queryRunner.query(`DROP INDEX prediction_events_request_idx, prediction_events_deployment_idx, outcome_events_request_idx`);

    await queryRunner.query(`
      CREATE TABLE prediction_events (
        event_id uuid NOT NULL,
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
        ingested_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, occurred_at)
      ) PARTITION BY RANGE (occurred_at)`);
    await queryRunner.query(`CREATE INDEX prediction_events_request_idx ON prediction_events (request_id)`);
    await queryRunner.query(`CREATE INDEX prediction_events_deployment_idx ON prediction_events (deployment_id, occurred_at)`);
    await queryRunner.query(`
      CREATE TABLE outcome_events (
        event_id uuid NOT NULL,
        request_id text NOT NULL,
        unit_id text,
        occurred_at timestamptz NOT NULL,
        label text,
        value double precision,
        ingested_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, occurred_at)
      ) PARTITION BY RANGE (occurred_at)`);
    await queryRunner.query(`CREATE INDEX outcome_events_request_idx ON outcome_events (request_id)`);

    for (const table of ['prediction_events', 'outcome_events']) {
      await queryRunner.query(`
        DO $$
        DECLARE day date;
        BEGIN
          FOR day IN
            SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date FROM ${table}_unpartitioned
            UNION SELECT (now() AT TIME ZONE 'UTC')::date + ahead FROM generate_series(0, 3) AS ahead
          LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF ${table} FOR VALUES FROM (%L) TO (%L)',
              '${table}_p' || to_char(day, 'YYYYMMDD'), day || ' 00:00:00+00', (day + 1) || ' 00:00:00+00');
          END LOOP;
        END $$`);
      await queryRunner.query(`INSERT INTO ${table} SELECT * FROM ${table}_unpartitioned`);
      await queryRunner.query(`DROP TABLE ${table}_unpartitioned`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE prediction_events RENAME TO prediction_events_partitioned`);
    await queryRunner.query(`ALTER TABLE outcome_events RENAME TO outcome_events_partitioned`);
    for (const index of ['prediction_events_pkey', 'outcome_events_pkey']) {
      const table = index.replace('_pkey', '_partitioned');
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${index}`);
    }
    await queryRunner.query(`DROP INDEX prediction_events_request_idx, prediction_events_deployment_idx, outcome_events_request_idx`);
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
    await queryRunner.query(`CREATE INDEX prediction_events_deployment_idx ON prediction_events (deployment_id, occurred_at)`);
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
    for (const table of ['prediction_events', 'outcome_events']) {
      // Keyed by event_id alone again: of one id stored at two timestamps, the earliest stays.
      await queryRunner.query(`
        INSERT INTO ${table} SELECT * FROM ${table}_partitioned ORDER BY event_id, occurred_at
        ON CONFLICT (event_id) DO NOTHING`);
      await queryRunner.query(`DROP TABLE ${table}_partitioned`);
    }
  }
}
