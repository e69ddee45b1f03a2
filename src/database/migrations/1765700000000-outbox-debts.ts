import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { index, partialIndex, varchar } from './schema-helpers';

const UNDISPATCHED = '"dispatchedAt" IS NULL';

/**
 * The outbox's dispatcher locks its batch in the transaction that fans it out, and never used the
 * lease columns (`claimToken`, `claimedUntil`) or their index: they go. Its index on
 * (dispatchedAt, createdAt) was written when an event was stored and again when it was dispatched, and
 * kept every dispatched event: it becomes an index on createdAt of the undispatched events only, which
 * serves the dispatcher's "oldest undispatched first" in order.
 */
export class OutboxDebts1765700000000 implements MigrationInterface {
  name = 'OutboxDebts1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbox_events', index('outbox_events', ['claimToken']));
    await queryRunner.dropIndex('outbox_events', index('outbox_events', ['dispatchedAt', 'createdAt']));
    await queryRunner.dropColumn('outbox_events', 'claimedUntil');
    await queryRunner.dropColumn('outbox_events', 'claimToken');
    await queryRunner.createIndex(
      'outbox_events',
      partialIndex('outbox_events', ['createdAt'], UNDISPATCHED),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbox_events', partialIndex('outbox_events', ['createdAt'], UNDISPATCHED));
    await queryRunner.addColumns('outbox_events', [
      new TableColumn(varchar('claimToken', 36, { nullable: true })),
      new TableColumn(varchar('claimedUntil', 32, { nullable: true })),
    ]);
    await queryRunner.createIndex('outbox_events', index('outbox_events', ['dispatchedAt', 'createdAt']));
    await queryRunner.createIndex('outbox_events', index('outbox_events', ['claimToken']));
  }
}
