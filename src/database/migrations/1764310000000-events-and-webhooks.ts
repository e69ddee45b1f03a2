import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { auditColumns, id, index, integer, text, varchar } from './schema-helpers';

/** The transactional outbox, webhook subscriptions and their deliveries. */
export class EventsAndWebhooks1764310000000 implements MigrationInterface {
  name = 'EventsAndWebhooks1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const create = (table: Table) => queryRunner.createTable(table, false, false, true);

    await create(
      new Table({
        name: 'outbox_events',
        columns: [
          id(),
          varchar('type', 64),
          varchar('accountId', 36, { nullable: true }),
          text('payload'),
          varchar('createdAt', 32),
          varchar('dispatchedAt', 32, { nullable: true }),
          varchar('claimToken', 36, { nullable: true }),
          varchar('claimedUntil', 32, { nullable: true }),
        ],
        indices: [
          index('outbox_events', ['dispatchedAt', 'createdAt']),
          index('outbox_events', ['accountId']),
        ],
      }),
    );

    await create(
      new Table({
        name: 'webhooks',
        columns: [
          id(),
          ...auditColumns(),
          varchar('accountId', 36),
          varchar('url', 2048),
          text('eventTypes'),
          varchar('description', 255, { nullable: true }),
          text('secretEncrypted'),
        ],
        indices: [index('webhooks', ['accountId'])],
      }),
    );

    await create(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          id(),
          varchar('webhookId', 36),
          varchar('eventId', 36),
          varchar('eventType', 64),
          varchar('status', 16),
          integer('attempts'),
          varchar('nextAttemptAt', 32),
          varchar('lastAttemptAt', 32, { nullable: true }),
          integer('lastStatusCode', { nullable: true }),
          varchar('lastError', 500, { nullable: true }),
          varchar('createdAt', 32),
          varchar('claimToken', 36, { nullable: true }),
          varchar('claimedUntil', 32, { nullable: true }),
        ],
        indices: [
          index('webhook_deliveries', ['webhookId', 'eventId'], true),
          index('webhook_deliveries', ['status', 'nextAttemptAt']),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_deliveries');
    await queryRunner.dropTable('webhooks');
    await queryRunner.dropTable('outbox_events');
  }
}
