import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseSettings {
  /** postgres://... selects PostgreSQL; otherwise the embedded SQLite file. */
  url?: string;
  sqlitePath: string;
  runMigrations: boolean;
}

export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return {
    url: env.DATABASE_URL,
    sqlitePath: env.SQLITE_PATH ?? 'data/evovoice.sqlite',
    runMigrations: (env.DATABASE_MIGRATIONS_RUN ?? 'true') === 'true',
  };
}

/** The single source of DataSource options: used by the app (TypeOrmModule) and by ormconfig.ts. */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: settings.runMigrations,
    synchronize: false,
    // Failed queries surface as errors: expected ones (unique violations) become 409s, unexpected ones are
    // logged once, with a correlation id, by the global exception filter.
    logging: false,
  };
  if (settings.url) {
    return {
      ...common,
      type: 'postgres',
      url: settings.url,
      extra: { max: 10 },
    };
  }
  if (settings.sqlitePath !== ':memory:') checkSqlitePath(settings.sqlitePath);
  return {
    ...common,
    type: 'better-sqlite3',
    database: settings.sqlitePath,
    // WAL lets readers proceed during a write; a busy timeout waits instead of failing on a lock.
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}

/**
 * Makes sure the SQLite file can be opened, read and written (creating it and its directory when missing),
 * or throws naming SQLITE_PATH: a directory, a path under a regular file, a file that is not a database
 * or one the process may not write would otherwise fail deep inside TypeORM, after its retries.
 */
function checkSqlitePath(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path, { timeout: 5000 });
    try {
      // Reads the header (a file that is not a database fails here), then takes the write lock.
      db.pragma('schema_version');
      db.exec('BEGIN IMMEDIATE; ROLLBACK');
    } finally {
      db.close();
    }
  } catch (error) {
    throw new Error(`SQLITE_PATH ${path} is not usable as the database file: ${(error as Error).message}`);
  }
}
