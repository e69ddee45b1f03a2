import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './schema-helpers';

/**
 * The event dispatcher reads back the batch it has just claimed by its claim token: with an index, that
 * is the batch's rows instead of a scan of the whole outbox (or of every delivery) once per batch.
 */
export class ClaimTokenIndexes1765000000000 implements MigrationInterface {
  name = 'ClaimTokenIndexes1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('outbox_events', index('outbox_events', ['claimToken']));
    await queryRunner.createIndex('webhook_deliveries', index('webhook_deliveries', ['claimToken']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('webhook_deliveries', index('webhook_deliveries', ['claimToken']));
    await queryRunner.dropIndex('outbox_events', index('outbox_events', ['claimToken']));
  }
}
