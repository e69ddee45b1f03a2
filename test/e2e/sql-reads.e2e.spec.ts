import { Column, DataSource, Entity, PrimaryColumn, QueryFailedError } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { bindParameters, insertRows, selectEntities, sqlQuery } from '../../src/database/sql';
import { createTestDatabase, openDataSource, TestDatabase } from '../helpers/database';

/** A table with database defaults, for insertRows (no table of the app's has one yet). */
@Entity('insert_defaults')
class DefaultsEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16, default: 'unset' })
  note?: string;

  @Column({ type: 'integer', nullable: true, default: 7 })
  count?: number | null;
}

/** The plain-SQL path (`sqlQuery`, `selectEntities`, `insertRows`) of the hottest reads and writes. */
describe('plain SQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  const account = (id: string, name: string): AccountEntity => ({
    id,
    name,
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateLastModified: '2026-01-01T00:00:00.000Z',
    createdBy: null,
    lastModifiedBy: null,
    parentAccountId: null,
    ancestorIds: [],
    maxPhoneNumbers: null,
    twilioAccountSid: null,
    twilioAuthTokenEncrypted: null,
    isBYOA: false,
    testClock: null,
  });
  const names = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
  const select = 'SELECT "name" FROM "accounts" WHERE "id" IN (:...ids)';

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database, true);
    await dataSource.manager.insert(AccountEntity, [account('a1', 'Acme'), account('a2', 'Globex')]);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('binds named parameters and lists, and returns plain rows', async () => {
    const rows = await sqlQuery<{ name: string }>(dataSource, select, { ids: ['a1', 'a2', 'nope'] });
    expect(names(rows)).toEqual(['Acme', 'Globex']);
    // The same statement again (SQLite reuses its prepared statement) with other values.
    expect(await sqlQuery(dataSource, select, { ids: ['a2'] })).toEqual([{ name: 'Globex' }]);
  });

  it("returns each row as the driver's own query does: named by column, in column order", async () => {
    // Aliases, NULLs, numbers, an expression, and a name given twice (the later column wins).
    const sql =
      'SELECT "a"."id" AS "id", "a"."name" AS "name", "a"."maxPhoneNumbers" AS "limit", ' +
      'LENGTH("a"."name") AS "length", "a"."id" AS "twice", "a"."name" AS "twice" ' +
      'FROM "accounts" "a" WHERE "a"."id" IN (:...ids) ORDER BY "a"."id"';
    const rows = await sqlQuery(dataSource, sql, { ids: ['a1', 'a2'] });
    const [query, values] = bindParameters(dataSource.driver, sql, { ids: ['a1', 'a2'] });
    const driverRows = await dataSource.query<Record<string, unknown>[]>(query, values);
    expect(rows).toEqual([
      { id: 'a1', name: 'Acme', limit: null, length: 4, twice: 'Acme' },
      { id: 'a2', name: 'Globex', limit: null, length: 6, twice: 'Globex' },
    ]);
    expect(rows).toEqual(driverRows);
    expect(rows.map((r) => Object.keys(r))).toEqual(driverRows.map((r) => Object.keys(r)));
    expect(await sqlQuery(dataSource, sql, { ids: ['nope'] })).toEqual([]);
  });

  it("binds named parameters exactly as the driver's own escapeQueryWithParameters does", () => {
    const driver = dataSource.driver;
    const cases: [string, Record<string, unknown>][] = [
      ['SELECT 1', {}],
      ['SELECT * FROM "t" WHERE "id" = :id', { id: 'a1' }],
      ['SELECT * FROM "t" WHERE "a" = :x OR "b" = :x AND "c" = :y', { x: 'same', y: null }],
      ['SELECT * FROM "t" WHERE "id" IN (:...ids) AND "k" = :k', { ids: ['a', 'b', 'c'], k: 'v' }],
      ['SELECT * FROM "t" WHERE "id" IN (:...ids) LIMIT :take OFFSET :skip', { ids: [], take: 25, skip: 75 }],
      ['SELECT * FROM "t" WHERE "on" = :on AND "off" = :off', { on: true, off: false }],
      ['SELECT "data"::jsonb FROM "t" WHERE "p" LIKE :p', { p: '/a/%' }],
      ['SELECT * FROM "t" WHERE "x" = :known AND "y" = :unknown', { known: 1.5 }],
      ['SELECT * FROM "t" WHERE "d" = :d', { d: new Date('2026-01-02T03:04:05.000Z') }],
      ['SELECT * FROM "t" WHERE "a.b" = :a.b', { 'a.b': 'dotted' }],
      // The statements above again with parameters of another shape: a text bound before is not reused
      // for a list of another length, another inline number, or a parameter now given or missing.
      ['SELECT * FROM "t" WHERE "id" IN (:...ids) AND "k" = :k', { ids: ['d'], k: 'w' }],
      ['SELECT * FROM "t" WHERE "id" IN (:...ids) AND "k" = :k', { ids: ['e', 'f', 'g'], k: 'x' }],
      [
        'SELECT * FROM "t" WHERE "id" IN (:...ids) LIMIT :take OFFSET :skip',
        { ids: ['a'], take: 25, skip: 100 },
      ],
      [
        'SELECT * FROM "t" WHERE "id" IN (:...ids) LIMIT :take OFFSET :skip',
        { ids: ['a'], take: '25', skip: 0 },
      ],
      ['SELECT * FROM "t" WHERE "a" = :x OR "b" = :x AND "c" = :y', { x: 'other' }],
      ['SELECT * FROM "t" WHERE "x" = :known AND "y" = :unknown', { known: 2, unknown: 'now given' }],
    ];
    // Twice over, so that the second pass binds from texts the first one left behind.
    for (const [sql, params] of [...cases, ...cases])
      expect(bindParameters(driver, sql, params)).toEqual(driver.escapeQueryWithParameters(sql, params));
  });

  it("inside a transaction, reads on the transaction's connection and sees its own writes", async () => {
    await dataSource
      .transaction(async (m) => {
        await m.insert(AccountEntity, account('a3', 'Initech'));
        expect(names(await sqlQuery(m, select, { ids: ['a1', 'a3'] }))).toEqual(['Acme', 'Initech']);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await sqlQuery(dataSource, select, { ids: ['a3'] })).toEqual([]);
  });

  it('reports a failing statement as a TypeORM QueryFailedError', async () => {
    await expect(sqlQuery(dataSource, 'SELECT "nope" FROM "accounts"')).rejects.toBeInstanceOf(
      QueryFailedError,
    );
  });

  it('writes and reads entities with their columns converted as TypeORM converts them', async () => {
    const written: AccountEntity = {
      ...account('a4', 'Umbrella'),
      ancestorIds: ['a1', 'a2'],
      maxPhoneNumbers: 7,
      isBYOA: true,
      twilioAccountSid: 'AC123',
    };
    // Outside a transaction (SQLite runs the INSERT as a prepared statement) and inside one.
    await insertRows(dataSource.manager, AccountEntity, [written]);
    await dataSource.transaction((m) => insertRows(m, AccountEntity, [account('a5', 'Hooli')]));
    const read = await selectEntities(dataSource, AccountEntity, 'x', ['"x"."id" IN (:...ids)'], {
      ids: ['a4', 'a5'],
    });
    expect(read.sort((a, b) => a.id.localeCompare(b.id))).toEqual([written, account('a5', 'Hooli')]);
    // TypeORM reads the same values back.
    expect(await dataSource.manager.findOneByOrFail(AccountEntity, { id: 'a4' })).toMatchObject(written);
  });

  it('answers entity instances, as TypeORM does', async () => {
    const [read] = await selectEntities(dataSource, AccountEntity, 'x', ['"x"."id" = :id'], { id: 'a1' });
    expect(read).toBeInstanceOf(AccountEntity);
    expect(read).toEqual(Object.assign(new AccountEntity(), account('a1', 'Acme')));
  });

  it("leaves a value the row does not give to the column's database default; a null is written", async () => {
    const options = buildDataSourceOptions({
      url: database.env.DATABASE_URL,
      sqlitePath: database.env.SQLITE_PATH ?? ':memory:',
      runMigrations: false,
    });
    const own = await new DataSource({
      ...options,
      entities: [DefaultsEntity],
      migrations: [],
      synchronize: true,
    }).initialize();
    try {
      // Rows giving different columns, in one call, outside a transaction and inside one.
      await insertRows(own.manager, DefaultsEntity, [
        { id: 'd1' },
        { id: 'd2', note: 'given' },
        { id: 'd3', count: null },
        { id: 'd4', note: 'both', count: 2 },
      ]);
      await own.transaction((m) => insertRows(m, DefaultsEntity, [{ id: 'd5', count: 3 }, { id: 'd6' }]));
      const rows = await own.manager.find(DefaultsEntity, { order: { id: 'ASC' } });
      expect(rows.map((r) => [r.id, r.note, r.count])).toEqual([
        ['d1', 'unset', 7],
        ['d2', 'given', 7],
        ['d3', 'unset', null],
        ['d4', 'both', 2],
        ['d5', 'unset', 3],
        ['d6', 'unset', 7],
      ]);
    } finally {
      await own.destroy();
    }
  });

  it('reports a duplicate key on insert as a QueryFailedError', async () => {
    await expect(
      insertRows(dataSource.manager, AccountEntity, [account('a1', 'Again')]),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });
});
