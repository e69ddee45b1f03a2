import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './schema-helpers';

/**
 * The provisioning audit trail and a webhook's deliveries are listed newest first with the id breaking
 * ties (ListResponse paging). With the id in their indexes, a page, by number or by cursor, is read in
 * index order instead of sorting every matching row first.
 */
export class PagingTieBreakIndexes1764900000000 implements MigrationInterface {
  name = 'PagingTieBreakIndexes1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'provisioning_events',
      index('provisioning_events', ['accountId', 'occurredAt', 'id']),
    );
    await queryRunner.dropIndex(
      'provisioning_events',
      index('provisioning_events', ['accountId', 'occurredAt']),
    );
    await queryRunner.createIndex(
      'webhook_deliveries',
      index('webhook_deliveries', ['webhookId', 'createdAt', 'id']),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex(
      'webhook_deliveries',
      index('webhook_deliveries', ['webhookId', 'createdAt', 'id']),
    );
    await queryRunner.createIndex(
      'provisioning_events',
      index('provisioning_events', ['accountId', 'occurredAt']),
    );
    await queryRunner.dropIndex(
      'provisioning_events',
      index('provisioning_events', ['accountId', 'occurredAt', 'id']),
    );
  }
}
