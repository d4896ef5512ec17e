import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  ['deployments', 'id'],
  ['deployment_variants', 'deployment_id'],
  ['deployment_steps', 'deployment_id'],
] as const;

/**
 * The deployments channel names what changed: each notification's payload is a changed deployment's
 * id, or `*` after a TRUNCATE. The statement triggers of migration 1764071000000 sent the table's
 * name, so every api replica reloaded and recompiled every deployment on every change, and a change
 * took ~10 ms longer to reach the replicas per hundred deployments kept (bench:assign-propagation).
 * Row triggers cost one notification per changed row; PostgreSQL delivers a transaction's identical
 * ones once, so a deployment written with its variants and steps notifies once.
 */
export class DeploymentChangeIds1764092000000 implements MigrationInterface {
  name = 'DeploymentChangeIds1764092000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION modelgate_notify_deployment_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('modelgate_deployments', '*');
          RETURN NULL;
        END IF;
        -- TG_ARGV[0]: the column holding the deployment's id. An update may move a row to another deployment: both change.
        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('modelgate_deployments', to_jsonb(OLD) ->> TG_ARGV[0]); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('modelgate_deployments', to_jsonb(NEW) ->> TG_ARGV[0]); END IF;
        RETURN NULL;
      END $$`);
    for (const [table, column] of TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_notify ON ${table}`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION modelgate_notify_deployment_change('${column}')`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_notify_truncate AFTER TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION modelgate_notify_deployment_change('${column}')`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_notify_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_notify ON ${table}`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION modelgate_notify_change('modelgate_deployments')`,
      );
    }
    await queryRunner.query(`DROP FUNCTION modelgate_notify_deployment_change()`);
  }
}
