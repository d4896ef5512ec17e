import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery drains a line (one destination and deployment) at a time: `outbox.leased_until` is the
 * lease a worker takes on the rows it is sending, so that no other worker sends that line meanwhile,
 * without holding a transaction across the HTTP call or the Kafka produce. A worker killed mid-send
 * leaves a lease that simply runs out. Null: nobody holds the row.
 */
export class OutboxLease1764082500000 implements MigrationInterface {
  name = 'OutboxLease1764082500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN leased_until timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox DROP COLUMN leased_until`);
  }
}
