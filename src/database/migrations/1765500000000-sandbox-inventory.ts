import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { index, text, varchar } from './schema-helpers';

/** The sandbox provider's inventory (the numbers it has sold), which it used to keep in memory. */
export class SandboxInventory1765500000000 implements MigrationInterface {
  name = 'SandboxInventory1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sandbox_numbers',
        columns: [
          varchar('phoneNumber', 20, { primary: true }),
          varchar('sid', 64),
          text('friendlyName', { nullable: true }),
          text('voiceUrl', { nullable: true }),
          text('smsUrl', { nullable: true }),
          varchar('addressSid', 64, { nullable: true }),
          varchar('emergencyAddressSid', 64, { nullable: true }),
          varchar('dateCreated', 32),
        ],
        indices: [index('sandbox_numbers', ['sid'], true)],
      }),
      false,
      false,
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sandbox_numbers');
  }
}
