import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { id, index, text, varchar } from './schema-helpers';

/**
 * The management API: tag links for customers and flows, customer schedules, the endpoint columns
 * ListEndpoints filters on (userMode and sipUserName, promoted from `settings`), and indexes for the
 * list filters and sort fields.
 */
export class ManagementApi1764260000000 implements MigrationInterface {
  name = 'ManagementApi1764260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('endpoints', [
      new TableColumn(varchar('userMode', 24, { nullable: true })),
      new TableColumn(varchar('sipUserName', 255, { nullable: true })),
    ]);
    // Every endpoint so far was bought with the contract's default user mode.
    await queryRunner.query(`UPDATE endpoints SET "userMode" = 'SoftPhone' WHERE "userMode" IS NULL`);
    for (const columns of [
      ['accountId', 'displayName'],
      ['displayName'],
      ['dateCreated'],
      ['referenceId'],
      ['sipUserName'],
    ]) {
      await queryRunner.createIndex('endpoints', index('endpoints', columns));
    }

    await queryRunner.addColumn('customers', new TableColumn(text('schedule', { nullable: true })));
    await queryRunner.createIndex('customers', index('customers', ['parentCustomerId']));
    await queryRunner.createIndex('customers', index('customers', ['name']));
    await queryRunner.createIndex('flows', index('flows', ['customerId']));
    await queryRunner.createIndex('flows', index('flows', ['name']));

    await queryRunner.createTable(
      new Table({
        name: 'customer_tags',
        columns: [id('customerId'), id('tagId')],
        indices: [index('customer_tags', ['tagId'])],
      }),
      false,
      false,
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'flow_tags',
        columns: [id('flowId'), id('tagId')],
        indices: [index('flow_tags', ['tagId'])],
      }),
      false,
      false,
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('flow_tags', true);
    await queryRunner.dropTable('customer_tags', true);
    for (const [table, columns] of [
      ['flows', ['name']],
      ['flows', ['customerId']],
      ['customers', ['name']],
      ['customers', ['parentCustomerId']],
      ['endpoints', ['sipUserName']],
      ['endpoints', ['referenceId']],
      ['endpoints', ['dateCreated']],
      ['endpoints', ['displayName']],
      ['endpoints', ['accountId', 'displayName']],
    ] as const) {
      await queryRunner.dropIndex(table, index(table, [...columns]));
    }
    await queryRunner.dropColumn('customers', 'schedule');
    await queryRunner.dropColumns('endpoints', ['sipUserName', 'userMode']);
  }
}
