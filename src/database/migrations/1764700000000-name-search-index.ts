import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `nameFilter` on ListEndpoints is a substring match on the display name, like `phoneNumberFilter` on
 * the number (see PhoneNumberSearchIndex1764600000000): on PostgreSQL a GIN trigram index finds the
 * matching rows for filters of three characters or more, instead of checking every endpoint of the
 * account. SQLite has none; there the list index, which carries the display name, is scanned instead.
 * `EndpointEntity` declares it by name with `synchronize: false`.
 */
export class NameSearchIndex1764700000000 implements MigrationInterface {
  name = 'NameSearchIndex1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(
      `CREATE INDEX "IDX_endpoints_display_name_trgm" ON "endpoints" USING gin (LOWER("displayName") gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_endpoints_display_name_trgm"`);
  }
}
