import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './schema-helpers';

/**
 * ListEndpoints' sort index also carries the phone number, so `phoneNumberFilter` (a substring match)
 * is checked on the index entries while they are walked in page order, instead of on every row; and
 * a tag's endpoints are listed from an index alone ((tagId, endpointId) replaces (tagId)).
 */
export class EndpointListIndex1764500000000 implements MigrationInterface {
  name = 'EndpointListIndex1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'endpoints',
      index('endpoints', ['accountId', 'displayName', 'id', 'phoneNumber']),
    );
    await queryRunner.dropIndex('endpoints', index('endpoints', ['accountId', 'displayName', 'id']));
    await queryRunner.createIndex('endpoint_tags', index('endpoint_tags', ['tagId', 'endpointId']));
    await queryRunner.dropIndex('endpoint_tags', index('endpoint_tags', ['tagId']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('endpoint_tags', index('endpoint_tags', ['tagId']));
    await queryRunner.dropIndex('endpoint_tags', index('endpoint_tags', ['tagId', 'endpointId']));
    await queryRunner.createIndex('endpoints', index('endpoints', ['accountId', 'displayName', 'id']));
    await queryRunner.dropIndex(
      'endpoints',
      index('endpoints', ['accountId', 'displayName', 'id', 'phoneNumber']),
    );
  }
}
