import { Logger } from '@nestjs/common';
import { DefaultNamingStrategy, MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';

type OnDelete = 'CASCADE' | 'SET NULL' | 'NO ACTION';

/** Every reference between rows, as a foreign key: [table, column, referenced table, ON DELETE]. */
const REFERENCES: [string, string, string, OnDelete][] = [
  ['endpoints', 'accountId', 'accounts', 'NO ACTION'],
  ['endpoints', 'customerId', 'customers', 'NO ACTION'],
  ['endpoints', 'flowId', 'flows', 'NO ACTION'],
  ['endpoint_tags', 'endpointId', 'endpoints', 'CASCADE'],
  ['endpoint_tags', 'tagId', 'tags', 'CASCADE'],
  ['customer_tags', 'customerId', 'customers', 'CASCADE'],
  ['customer_tags', 'tagId', 'tags', 'CASCADE'],
  ['flow_tags', 'flowId', 'flows', 'CASCADE'],
  ['flow_tags', 'tagId', 'tags', 'CASCADE'],
  ['customers', 'parentCustomerId', 'customers', 'NO ACTION'],
  ['flows', 'customerId', 'customers', 'SET NULL'],
];

const naming = new DefaultNamingStrategy();

const foreignKey = (table: string, column: string, referenced: string, onDelete: OnDelete) =>
  new TableForeignKey({
    name: naming.foreignKeyName(table, [column]),
    columnNames: [column],
    referencedTableName: referenced,
    referencedColumnNames: ['id'],
    onDelete,
  });

/** The keys of each table, so that SQLite rebuilds each table once. */
function keysByTable(): Map<string, TableForeignKey[]> {
  const byTable = new Map<string, TableForeignKey[]>();
  for (const [table, column, referenced, onDelete] of REFERENCES)
    byTable.set(table, [...(byTable.get(table) ?? []), foreignKey(table, column, referenced, onDelete)]);
  return byTable;
}

/** `"alias"."column"` refers to no row of `referenced`. */
const missing = (alias: string, column: string, referenced: string) =>
  `"${alias}"."${column}" IS NOT NULL AND NOT EXISTS ` +
  `(SELECT 1 FROM "${referenced}" "r" WHERE "r"."id" = "${alias}"."${column}")`;

/**
 * Real foreign keys for every reference the schema has, so that a delete racing an insert of a
 * reference can no longer leave rows pointing at nothing (it did: endpoints of deleted customers and
 * flows, tag links of deleted tags and endpoints, customers of deleted parents). Rows that already
 * point at nothing are repaired first, each kind by the rule its delete route applies, and reported:
 * - an endpoint whose account is gone is deleted (no route reaches it: every read is per account), the
 *   numbers bought for such endpoints logged, for releasing at the provider by hand;
 * - an endpoint whose customer is gone moves to the account level, whose flow is gone runs no flow;
 * - a tag link whose tag, endpoint, customer or flow is gone is deleted;
 * - a customer whose parent is gone becomes a top-level customer, its subtree's paths rewritten;
 * - a flow whose customer is gone stays with the account.
 * On SQLite adding a key rebuilds the table (TypeORM does it, with foreign keys off meanwhile).
 */
export class ForeignKeys1765400000000 implements MigrationInterface {
  name = 'ForeignKeys1765400000000';
  private readonly logger = new Logger('Migrations');

  async up(queryRunner: QueryRunner): Promise<void> {
    const repairs: [string, number][] = [];
    const run = async (what: string, sql: string) =>
      repairs.push([what, await this.changed(queryRunner, sql)]);

    // No route reaches these; a number bought for one is still held at the provider, for the operator.
    const held = (await queryRunner.query(
      `SELECT "e"."phoneNumber" FROM "endpoints" "e" WHERE ${missing('e', 'accountId', 'accounts')} ` +
        `AND "e"."phoneNumberSid" IS NOT NULL ORDER BY "e"."phoneNumber"`,
    )) as { phoneNumber: string }[];
    await run(
      'endpoints of missing accounts deleted',
      `DELETE FROM "endpoints" WHERE "id" IN (SELECT "e"."id" FROM "endpoints" "e" WHERE ${missing('e', 'accountId', 'accounts')})`,
    );
    // Then the others (their tag links among them): a key that cascades deletes the row, any other
    // clears the column. Customers' parents are repaired below.
    for (const [table, column, referenced, onDelete] of REFERENCES) {
      if (table === 'customers' || column === 'accountId') continue;
      const rows = `SELECT "x"."${column}" FROM "${table}" "x" WHERE ${missing('x', column, referenced)}`;
      if (onDelete === 'CASCADE')
        await run(
          `${table} rows whose ${column} is missing deleted`,
          `DELETE FROM "${table}" WHERE "${column}" IN (${rows})`,
        );
      else
        await run(
          `${table} whose ${column} is missing set to NULL`,
          `UPDATE "${table}" SET "${column}" = NULL WHERE "${column}" IN (${rows})`,
        );
    }
    repairs.push([
      'customers whose parent is missing made top-level',
      await this.orphanedCustomersToTop(queryRunner),
    ]);

    const repaired = repairs.filter(([, count]) => count > 0);
    for (const [what, count] of repaired) this.logger.warn(`${this.name}: ${count} ${what}`);
    if (held.length)
      this.logger.warn(
        `${this.name}: numbers of those deleted endpoints to release at the provider: ` +
          held.map((e) => e.phoneNumber).join(', '),
      );
    if (repaired.length === 0) this.logger.log(`${this.name}: no row referred to a missing row`);

    for (const [table, keys] of keysByTable()) await queryRunner.createForeignKeys(table, keys);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, keys] of [...keysByTable()].reverse()) await queryRunner.dropForeignKeys(table, keys);
  }

  /**
   * Each customer whose parent is gone becomes a top-level customer: its path (and its subtree's) loses
   * the prefix before its own id. One at a time, each path read afresh, since a subtree may hold another.
   */
  private async orphanedCustomersToTop(queryRunner: QueryRunner): Promise<number> {
    const orphans = (await queryRunner.query(
      `SELECT "c"."id" FROM "customers" "c" WHERE ${missing('c', 'parentCustomerId', 'customers')}`,
    )) as { id: string }[];
    const p = (n: number) => (queryRunner.connection.options.type === 'postgres' ? `$${n}` : '?');
    for (const { id } of orphans) {
      const [{ path }] = (await queryRunner.query(`SELECT "path" FROM "customers" WHERE "id" = ${p(1)}`, [
        id,
      ])) as { path: string }[];
      const oldPrefix = path;
      const newPrefix = `${id}/`;
      await queryRunner.query(
        `UPDATE "customers" SET "path" = CAST(${p(1)} AS varchar) || SUBSTR("path", ${p(2)}) ` +
          `WHERE SUBSTR("path", 1, ${p(3)}) = ${p(4)}`,
        [newPrefix, oldPrefix.length + 1, oldPrefix.length, oldPrefix],
      );
      await queryRunner.query(`UPDATE "customers" SET "parentCustomerId" = NULL WHERE "id" = ${p(1)}`, [id]);
    }
    return orphans.length;
  }

  /** Runs a DELETE or UPDATE and answers how many rows it changed. */
  private async changed(queryRunner: QueryRunner, sql: string): Promise<number> {
    const result = await queryRunner.query(sql, [], true);
    return Number(result.affected ?? 0);
  }
}
