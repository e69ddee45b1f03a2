import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { auditColumns, id, index, integer, text, varchar } from './schema-helpers';

/** Accounts' custom field definitions (the system settings' customerFields, endpointFields, systemFields). */
export class CustomFields1765300000000 implements MigrationInterface {
  name = 'CustomFields1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'custom_fields',
        columns: [
          id(),
          ...auditColumns(),
          varchar('accountId', 36),
          varchar('scope', 16),
          varchar('name', 255),
          varchar('nameKey', 512),
          integer('position'),
          text('field'),
        ],
        indices: [index('custom_fields', ['accountId', 'scope', 'nameKey'], true)],
      }),
      false,
      false,
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('custom_fields');
  }
}
