import { DataSource, QueryFailedError } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { sqlQuery } from '../../src/database/sql';
import { createTestDatabase, openDataSource, TestDatabase } from '../helpers/database';

/** The plain-SQL read path (`sqlQuery`) that EndpointInfo and list pages are read through. */
describe('plain-SQL reads', () => {
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
});
