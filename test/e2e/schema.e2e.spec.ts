import { DataSource, QueryRunner } from 'typeorm';
import { whereContains } from '../../src/database/list-filters';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { OutboxEventEntity } from '../../src/events/entities/outbox-event.entity';
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

  /**
   * The query plan, as text: PostgreSQL's EXPLAIN after `prepare` (statements changing the planner's
   * options or indexes), in a transaction that is rolled back; SQLite's EXPLAIN QUERY PLAN.
   */
  async function queryPlan(
    sql: string,
    parameters: unknown[],
    prepare: (runner: QueryRunner) => Promise<void>,
  ): Promise<string> {
    if (!database.isPostgres) {
      const plan = await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
      return plan.map((row: { detail: string }) => row.detail).join('\n');
    }
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await prepare(runner);
      const plan = await runner.query(`EXPLAIN ${sql}`, parameters);
      return plan.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

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

  it.each([
    ['phoneNumberFilter', 'e.phoneNumber', '305', 'IDX_endpoints_phone_number_trgm'],
    ['nameFilter', 'e.displayName', 'Desk', 'IDX_endpoints_display_name_trgm'],
  ])(
    "serve %s's substring match from an index, not from the table's rows",
    async (_filter, column, text, index) => {
      await dataSource.runMigrations();
      // The condition exactly as ListEndpoints builds it.
      const query = whereContains(
        dataSource.getRepository(EndpointEntity).createQueryBuilder('e').select('COUNT(1)', 'n'),
        column,
        text,
      );
      const [sql, parameters] = query.getQueryAndParameters();
      // PostgreSQL: the trigram index serves the condition. Which index the planner prefers depends on the
      // data, so the other indexes are dropped (in the rolled-back transaction), leaving the trigram index
      // or reading the whole table: the index is used only if it matches the condition.
      const lines = await queryPlan(sql, parameters, async (runner) => {
        const others: { indexname: string }[] = await runner.query(
          "SELECT indexname FROM pg_indexes WHERE tablename = 'endpoints' " +
            "AND indexdef NOT LIKE '%gin_trgm_ops%' AND indexname NOT LIKE 'PK_%'",
        );
        for (const { indexname } of others) await runner.query(`DROP INDEX "${indexname}"`);
        await runner.query('SET LOCAL enable_seqscan = off');
      });
      if (database.isPostgres) expect(lines).toContain(`Bitmap Index Scan on "${index}"`);
      // SQLite: the list index carries the display name and the phone number, so the match is checked on
      // index entries.
      else expect(lines).toMatch(/USING COVERING INDEX/);
    },
  );

  it.each([
    ["a webhook's deliveries", 'webhook_deliveries', 'webhookId', 'createdAt'],
    ["an account's provisioning events", 'provisioning_events', 'accountId', 'occurredAt'],
  ])('read a page of %s newest first in index order, without sorting', async (_list, table, owner, time) => {
    await dataSource.runMigrations();
    // The page query as `paginate` builds it (sort column, then the id, both descending); sorting is
    // made prohibitively expensive, so a plan without a sort step means the index yields the order.
    const p = database.isPostgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    const sql =
      `SELECT "id" FROM "${table}" WHERE "${owner}" = ${p[0]} AND ("${time}", "id") < (${p[1]}, ${p[2]}) ` +
      `ORDER BY "${time}" DESC, "id" DESC LIMIT 26`;
    const parameters = ['owner', '2026-01-01T00:00:00.000Z', 'id'];
    const lines = await queryPlan(sql, parameters, async (runner) => {
      await runner.query('SET LOCAL enable_sort = off');
      await runner.query('SET LOCAL enable_seqscan = off');
    });
    if (database.isPostgres) {
      expect(lines).toContain(`IDX_`);
      expect(lines).not.toMatch(/Sort/);
    } else {
      expect(lines).toMatch(/USING (COVERING )?INDEX/);
      expect(lines).not.toMatch(/TEMP B-TREE/);
    }
  });

  describe.each(['displayName', 'dateCreated', 'dateLastModified'])(
    "read a page of an account's endpoints sorted by %s in index order, without sorting",
    (field) => {
      it.each([
        ['ASC', 'by page number'],
        ['DESC', 'by page number'],
        ['ASC', 'after a cursor'],
        ['DESC', 'after a cursor'],
      ] as const)('%s, %s', async (direction, how) => {
        await dataSource.runMigrations();
        // The page query as `paginateIds` builds it for ListEndpoints: a manager's scope (their account),
        // the sort column and then the id, by offset or after the cursor's (value, id).
        const column = `e.${field}`;
        const query = dataSource
          .getRepository(EndpointEntity)
          .createQueryBuilder('e')
          .where('e.accountId IN (:...accountIds)', { accountIds: ['account'] })
          .select('e.id', 'pagedId')
          .addSelect(column, 'pagedSortValue')
          .orderBy(column, direction)
          .addOrderBy('e.id', direction)
          .limit(26);
        const comparison = direction === 'ASC' ? '>' : '<';
        if (how === 'by page number') query.offset(50);
        else query.andWhere(`(${column}, e.id) ${comparison} (:value, :after)`, { value: 'v', after: 'id' });
        const [sql, parameters] = query.getQueryAndParameters();
        const lines = await queryPlan(sql, parameters, async (runner) => {
          await runner.query('SET LOCAL enable_sort = off');
          await runner.query('SET LOCAL enable_seqscan = off');
        });
        if (database.isPostgres) {
          expect(lines).toMatch(/Index (Only )?Scan (Backward )?using "?IDX_/);
          expect(lines).not.toMatch(/Sort/);
        } else {
          expect(lines).toMatch(/USING (COVERING )?INDEX IDX_/);
          expect(lines).not.toMatch(/TEMP B-TREE/);
        }
      });
    },
  );

  it("serve the dispatcher's batch of undispatched events in order from an index of those events only", async () => {
    await dataSource.runMigrations();
    // The batch query as the dispatcher builds it.
    const batch = dataSource
      .createQueryBuilder(OutboxEventEntity, 'row')
      .where('row.dispatchedAt IS NULL')
      .orderBy('row.createdAt', 'ASC')
      .limit(100);
    if (database.isPostgres) batch.setLock('pessimistic_write').setOnLocked('skip_locked');
    const [sql, parameters] = batch.getQueryAndParameters();
    const runner = dataSource.createQueryRunner();
    const lines = await queryPlan(sql, parameters, async (r) => {
      await r.query('SET LOCAL enable_sort = off');
      await r.query('SET LOCAL enable_seqscan = off');
    });
    const table = (await runner.getTable('outbox_events'))!;
    await runner.release();
    // A partial index: an event enters it when written and leaves it when dispatched, never written
    // to it twice; the lease columns the outbox never used are gone.
    const used = table.indices.find((i) => lines.includes(i.name!));
    expect(used?.columnNames).toEqual(['createdAt']);
    expect(used?.where).toMatch(/"dispatchedAt" IS NULL/);
    expect(lines).not.toMatch(/Sort|TEMP B-TREE/);
    expect(table.columns.map((c) => c.name)).not.toEqual(expect.arrayContaining(['claimToken']));
    expect(table.columns.map((c) => c.name)).not.toEqual(expect.arrayContaining(['claimedUntil']));
  });

  it.each(['webhook_deliveries'])(
    "find the dispatcher's claimed batch of %s by its token from an index",
    async (table) => {
      await dataSource.runMigrations();
      const sql = `SELECT "id" FROM "${table}" WHERE "claimToken" = ${database.isPostgres ? '$1' : '?'}`;
      const lines = await queryPlan(sql, ['token'], async (runner) => {
        await runner.query('SET LOCAL enable_seqscan = off');
      });
      if (database.isPostgres) {
        expect(lines).toContain('IDX_');
        expect(lines).not.toMatch(/Seq Scan/);
      } else expect(lines).toMatch(/SEARCH .* USING (COVERING )?INDEX/);
    },
  );
});
