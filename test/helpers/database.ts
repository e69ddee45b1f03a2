import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/database-options';

export interface TestDatabase {
  /** Environment variables that point the app at this database. */
  env: Record<string, string>;
  isPostgres: boolean;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on the PostgreSQL server named by
 * DATABASE_URL, or else a new SQLite file. Tests never share rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `evo_test_${randomBytes(6).toString('hex')}`;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const file = join(tmpdir(), `${name}.sqlite`);
    return {
      env: { SQLITE_PATH: file },
      isPostgres: false,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  return createPostgresDatabase(serverUrl, name);
}

/** A fresh database on the PostgreSQL server at `serverUrl`, whatever DATABASE_URL says. */
export async function createPostgresDatabase(
  serverUrl: string,
  name = `evo_test_${randomBytes(6).toString('hex')}`,
): Promise<TestDatabase> {
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    isPostgres: true,
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** An initialised TypeORM DataSource on `database`, with the app's options (migrations run if asked). */
export async function openDataSource(database: TestDatabase, runMigrations: boolean): Promise<DataSource> {
  const dataSource = new DataSource(
    buildDataSourceOptions({
      url: database.env.DATABASE_URL,
      sqlitePath: database.env.SQLITE_PATH ?? ':memory:',
      runMigrations,
    }),
  );
  return dataSource.initialize();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Inserts rows of an entity naming only the columns the rows give: a migration test fills a schema from
 * before a later migration added columns the entity has today.
 */
export async function insertAsGiven<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<void> {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  await manager.createQueryBuilder().insert().into(entity, columns).values(rows).execute();
}
