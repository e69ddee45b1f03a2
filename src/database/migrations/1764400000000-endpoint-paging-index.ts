import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './schema-helpers';

/**
 * ListEndpoints sorts an account's endpoints by displayName, then id: with the id in the index, a deep
 * page's ids are read from the index alone (PostgreSQL index-only scan, SQLite covering index) instead
 * of visiting every row the offset skips.
 */
export class EndpointPagingIndex1764400000000 implements MigrationInterface {
  name = 'EndpointPagingIndex1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('endpoints', index('endpoints', ['accountId', 'displayName', 'id']));
    await queryRunner.dropIndex('endpoints', index('endpoints', ['accountId', 'displayName']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('endpoints', index('endpoints', ['accountId', 'displayName']));
    await queryRunner.dropIndex('endpoints', index('endpoints', ['accountId', 'displayName', 'id']));
  }
}
