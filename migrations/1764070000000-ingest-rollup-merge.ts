import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What ingest needs to add a batch's rollup delta to a `rollups` row in one upsert:
 * - `outcome_values`: how many joined outcomes carried a value (the n of outcome_sum and
 *   outcome_sum_squares; label-only outcomes count in `outcomes` but not here);
 * - `modelgate_sum_counts(a, b)`: adds two `{ bin: count }` maps; categorical bins (`c:…`)
 *   beyond the 256 most frequent fold into `c:~other`, so a free-text feature cannot grow a row;
 * - `modelgate_sum_sketches(a, b)`: the same, per feature of `{ feature: { bin: count } }`.
 */
export class IngestRollupMerge1764070000000 implements MigrationInterface {
  name = 'IngestRollupMerge1764070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rollups ADD COLUMN outcome_values bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE FUNCTION modelgate_sum_counts(a jsonb, b jsonb, max_categories integer DEFAULT 256)
      RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        WITH summed AS (
          SELECT key, sum(value::numeric) AS n
          FROM (SELECT * FROM jsonb_each_text(coalesce(a, '{}')) UNION ALL SELECT * FROM jsonb_each_text(coalesce(b, '{}'))) AS e
          GROUP BY key
        ), ranked AS (
          SELECT key, n, key LIKE 'c:%' AND key <> 'c:~other' AS category,
                 row_number() OVER (PARTITION BY key LIKE 'c:%' AND key <> 'c:~other' ORDER BY n DESC, key) AS r
          FROM summed
        )
        SELECT coalesce(jsonb_object_agg(bin, total), '{}'::jsonb)
        FROM (SELECT CASE WHEN category AND r > max_categories THEN 'c:~other' ELSE key END AS bin, sum(n) AS total
              FROM ranked GROUP BY 1) AS folded
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION modelgate_sum_sketches(a jsonb, b jsonb)
      RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(jsonb_object_agg(feature, modelgate_sum_counts(a -> feature, b -> feature)), '{}'::jsonb)
        FROM (SELECT jsonb_object_keys(coalesce(a, '{}')) AS feature UNION SELECT jsonb_object_keys(coalesce(b, '{}'))) AS features
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION modelgate_sum_sketches(jsonb, jsonb)`);
    await queryRunner.query(`DROP FUNCTION modelgate_sum_counts(jsonb, jsonb, integer)`);
    await queryRunner.query(`ALTER TABLE rollups DROP COLUMN outcome_values`);
  }
}
