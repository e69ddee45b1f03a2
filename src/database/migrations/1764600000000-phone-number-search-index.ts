import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `phoneNumberFilter` is a substring match (`LOWER(phoneNumber) LIKE '%305%'`), which no b-tree can
 * serve: on PostgreSQL it read every endpoint of the account. A GIN trigram index (pg_trgm, a trusted
 * extension any database owner may create) finds the matching rows for filters of three characters
 * or more, so the filtered count and page read only those. SQLite has no such index; there the list
 * index, which carries the phone number, keeps the scan to index entries. `EndpointEntity` declares
 * the index by name with `synchronize: false`, so schema sync leaves it alone (the drift test checks).
 */
export class PhoneNumberSearchIndex1764600000000 implements MigrationInterface {
  name = 'PhoneNumberSearchIndex1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(
      `CREATE INDEX "IDX_endpoints_phone_number_trgm" ON "endpoints" USING gin (LOWER("phoneNumber") gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    // The extension stays: other objects of the database may use it.
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_endpoints_phone_number_trgm"`);
  }
}
