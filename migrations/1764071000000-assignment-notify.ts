import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The api keeps live deployments and API keys in memory (assignment never reads the database on
 * its hot path); these triggers tell every replica, through PostgreSQL LISTEN/NOTIFY, that a row
 * changed, whoever changed it (the api, the worker, an operator's SQL). Also the override right
 * (`x-modelgate-version`) of an API key.
 */
export class AssignmentNotify1764071000000 implements MigrationInterface {
  name = 'AssignmentNotify1764071000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_keys ADD COLUMN can_override boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE FUNCTION modelgate_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const [table, channel] of [
      ['deployments', 'modelgate_deployments'],
      ['deployment_variants', 'modelgate_deployments'],
      ['deployment_steps', 'modelgate_deployments'],
      ['api_keys', 'modelgate_api_keys'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION modelgate_notify_change('${channel}')`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['api_keys', 'deployment_steps', 'deployment_variants', 'deployments']) {
      await queryRunner.query(`DROP TRIGGER ${table}_notify ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION modelgate_notify_change()`);
    await queryRunner.query(`ALTER TABLE api_keys DROP COLUMN can_override`);
  }
}
