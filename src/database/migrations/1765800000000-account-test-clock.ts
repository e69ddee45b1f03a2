import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { text } from './schema-helpers';

/** The system settings' test clock (`overrideSystemTime` and its instant), one JSON column per account. */
export class AccountTestClock1765800000000 implements MigrationInterface {
  name = 'AccountTestClock1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('accounts', new TableColumn(text('testClock', { nullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('accounts', 'testClock');
  }
}
