import { DataSource } from 'typeorm';
import { whereContains } from '../../src/database/list-filters';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { createTestDatabase, openDataSource, TestDatabase } from '../helpers/database';

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database, false);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('build exactly the schema the entities describe (no drift)', async () => {
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('run down and up again', async () => {
    const executed = await dataSource.query('SELECT COUNT(*) AS n FROM migrations');
    for (let i = 0; i < Number(executed[0].n); i++) await dataSource.undoLastMigration();
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toEqual([]);
  });

  it("serve phoneNumberFilter's substring match from an index, not from the table's rows", async () => {
    await dataSource.runMigrations();
    // The condition exactly as ListEndpoints builds it.
    const query = whereContains(
      dataSource.getRepository(EndpointEntity).createQueryBuilder('e').select('COUNT(1)', 'n'),
      'e.phoneNumber',
      '305',
    );
    const [sql, parameters] = query.getQueryAndParameters();
    if (database.isPostgres) {
      // PostgreSQL: the GIN trigram index finds the matching rows (the table is empty, so the planner
      // is told not to prefer reading it whole).
      const plan = await dataSource.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        return m.query(`EXPLAIN ${sql}`, parameters);
      });
      const text = plan.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      expect(text).toContain('Bitmap Index Scan on "IDX_endpoints_phone_number_trgm"');
    } else {
      // SQLite: the list index carries the phone number, so the match is checked on index entries.
      const plan = await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
      const text = plan.map((row: { detail: string }) => row.detail).join('\n');
      expect(text).toMatch(/USING COVERING INDEX/);
    }
  });
});
