import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics on `LOWER("displayName")` and `LOWER("phoneNumber")`, the expressions `nameFilter` and
 * `phoneNumberFilter` match. Without them PostgreSQL guesses that a substring matches 0.5% of the
 * rows, and for a filter that matches almost nothing it walks the list index in page order checking
 * every entry (46 ms at 100k endpoints) instead of asking the trigram index (0.2 ms). PostgreSQL only.
 */
export class SearchStatistics1764800000000 implements MigrationInterface {
  name = 'SearchStatistics1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(
      'CREATE STATISTICS "STAT_endpoints_display_name_lower" ON (LOWER("displayName")) FROM "endpoints"',
    );
    await queryRunner.query(
      'CREATE STATISTICS "STAT_endpoints_phone_number_lower" ON (LOWER("phoneNumber")) FROM "endpoints"',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP STATISTICS IF EXISTS "STAT_endpoints_phone_number_lower"');
    await queryRunner.query('DROP STATISTICS IF EXISTS "STAT_endpoints_display_name_lower"');
  }
}
