import { Logger } from '@nestjs/common';
import { DefaultNamingStrategy, MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';

/**
 * The tables whose rows belong to one account and go with it: the account's delete route deletes them
 * (customers, tags, flows and custom fields through its deletion hooks, memberships too), and the key
 * cascades, so that one created by a request racing the delete goes as well. Endpoints keep their key
 * without a cascade (1765400000000): an account with endpoints cannot be deleted (409).
 *
 * Not keyed, on purpose: `outbox_events` and `provisioning_events` are an audit trail that outlives the
 * account; `provisioning_orphans` are numbers still held at the provider, for the reconciler and the
 * operator; `idempotency_keys` belong to users, not accounts.
 */
const ACCOUNT_OWNED = ['customers', 'tags', 'flows', 'webhooks', 'custom_fields', 'user_accounts'];

const naming = new DefaultNamingStrategy();

const accountKey = (table: string) =>
  new TableForeignKey({
    name: naming.foreignKeyName(table, ['accountId']),
    columnNames: ['accountId'],
    referencedTableName: 'accounts',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/** The ids of `table`'s rows whose account is gone. */
const orphaned = (table: string) =>
  `SELECT "x"."id" FROM "${table}" "x" ` +
  'WHERE NOT EXISTS (SELECT 1 FROM "accounts" "a" WHERE "a"."id" = "x"."accountId")';

/**
 * Foreign keys from every account-owned table to its account. Without them, a customer, tag, flow,
 * webhook, custom field or membership created while its account was being deleted outlived it, reachable
 * by no route (the account delete locked the account, but these creates never touched that row). With
 * the key, such a create either commits first (and goes with the account) or waits for the delete and is
 * refused (a 409 `ReferenceNotFound` naming `accountId`).
 *
 * Rows whose account is already gone are deleted first, with what refers to them (tag links, webhook
 * deliveries; an endpoint of another account naming such a customer lets go of it), and each kind is
 * logged with its count. On SQLite adding a key rebuilds the table.
 */
export class AccountForeignKeys1765600000000 implements MigrationInterface {
  name = 'AccountForeignKeys1765600000000';
  private readonly logger = new Logger('Migrations');

  async up(queryRunner: QueryRunner): Promise<void> {
    const repairs: [string, string][] = [
      [
        'customer_tags rows of customers or tags of missing accounts deleted',
        `DELETE FROM "customer_tags" WHERE "customerId" IN (${orphaned('customers')}) ` +
          `OR "tagId" IN (${orphaned('tags')})`,
      ],
      [
        'flow_tags rows of flows or tags of missing accounts deleted',
        `DELETE FROM "flow_tags" WHERE "flowId" IN (${orphaned('flows')}) OR "tagId" IN (${orphaned('tags')})`,
      ],
      [
        'endpoint_tags rows of tags of missing accounts deleted',
        `DELETE FROM "endpoint_tags" WHERE "tagId" IN (${orphaned('tags')})`,
      ],
      [
        'endpoints whose customer belongs to a missing account set to no customer',
        `UPDATE "endpoints" SET "customerId" = NULL WHERE "customerId" IN (${orphaned('customers')})`,
      ],
      [
        'webhook_deliveries of webhooks of missing accounts deleted',
        `DELETE FROM "webhook_deliveries" WHERE "webhookId" IN (${orphaned('webhooks')})`,
      ],
      ...ACCOUNT_OWNED.filter((table) => table !== 'user_accounts').map((table): [string, string] => [
        `${table} of missing accounts deleted`,
        `DELETE FROM "${table}" WHERE "id" IN (${orphaned(table)})`,
      ]),
      [
        'user_accounts of missing accounts deleted',
        'DELETE FROM "user_accounts" WHERE NOT EXISTS ' +
          '(SELECT 1 FROM "accounts" "a" WHERE "a"."id" = "user_accounts"."accountId")',
      ],
    ];
    const counts: [string, number][] = [];
    for (const [what, sql] of repairs) counts.push([what, await this.changed(queryRunner, sql)]);

    const repaired = counts.filter(([, count]) => count > 0);
    for (const [what, count] of repaired) this.logger.warn(`${this.name}: ${count} ${what}`);
    if (repaired.length === 0) this.logger.log(`${this.name}: no row belonged to a missing account`);

    for (const table of ACCOUNT_OWNED) await queryRunner.createForeignKey(table, accountKey(table));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...ACCOUNT_OWNED].reverse())
      await queryRunner.dropForeignKey(table, accountKey(table));
  }

  /** Runs a DELETE or UPDATE and answers how many rows it changed. */
  private async changed(queryRunner: QueryRunner, sql: string): Promise<number> {
    const result = await queryRunner.query(sql, [], true);
    return Number(result.affected ?? 0);
  }
}
