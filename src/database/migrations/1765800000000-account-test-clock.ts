import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The system settings' test clock (`overrideSystemTime` and its instant), one JSON column per account.
 * Plain ALTER TABLE, which both databases run in place: TypeORM's addColumn/dropColumn rebuild a SQLite
 * table, and rebuilding `accounts` while its foreign keys are enforced (as they are when a migration is
 * undone) would delete every row that cascades from an account.
 */
export class AccountTestClock1765800000000 implements MigrationInterface {
  name = 'AccountTestClock1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "accounts" ADD COLUMN "testClock" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "accounts" DROP COLUMN "testClock"');
  }
}
