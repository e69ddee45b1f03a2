import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './schema-helpers';

/**
 * ListEndpoints' sort index also carries the phone number, so `phoneNumberFilter` (a substring match)
 * is checked on the index entries while they are walked in page order, instead of on every row.
 */
export class EndpointListIndex1764500000000 implements MigrationInterface {
  name = 'EndpointListIndex1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'endpoints',
      index('endpoints', ['accountId', 'displayName', 'id', 'phoneNumber']),
    );
    await queryRunner.dropIndex('endpoints', index('endpoints', ['accountId', 'displayName', 'id']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('endpoints', index('endpoints', ['accountId', 'displayName', 'id']));
    await queryRunner.dropIndex(
      'endpoints',
      index('endpoints', ['accountId', 'displayName', 'id', 'phoneNumber']),
    );
  }
}
