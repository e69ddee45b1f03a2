import { QueryFailedError } from 'typeorm';
import type { DataSource, Driver, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Plain SQL for the hottest statements (EndpointInfo, list pages, BuyPhoneNumber's checks and writes),
 * where building a query and hydrating entities would cost more than the database does. Parameters are named as in TypeORM (`:id`, `:...ids` for a list) and bound by the
 * driver, so the SQL never holds a value. Identifiers are double-quoted, which both databases accept.
 *
 * The statement goes straight to the driver (the PostgreSQL pool, or a prepared better-sqlite3
 * statement), skipping the query runner TypeORM builds, wraps and releases around each query; inside a
 * PostgreSQL transaction it runs on the transaction's connection, through TypeORM. Errors are TypeORM's
 * `QueryFailedError` either way.
 */
export async function sqlQuery<T extends ObjectLiteral>(
  db: DataSource | EntityManager,
  sql: string,
  params: ObjectLiteral = {},
): Promise<T[]> {
  const manager = 'manager' in db ? db.manager : db;
  const [query, values] = bindParameters(manager.connection.driver, sql, params);
  return runSql<T>(manager, query, values);
}

/** A named parameter in a statement's text: `:name`, or `:...name` for a list. */
interface Parameter {
  name: string;
  spread: boolean;
  text: string;
}

/**
 * A statement's text split at its named parameters, worked out once per statement; and the texts it
 * has been bound to so far, by the shape of their parameters (see `bindParameters`).
 */
interface Template {
  parts: (string | Parameter)[];
  bound: Map<string, string>;
}

/** Distinct statement texts whose templates are kept (the oldest dropped first). */
const TEMPLATE_CACHE_SIZE = 500;
/** Bound texts kept per statement: one per list length or inline number it met (the oldest dropped first). */
const BOUND_TEXTS_PER_TEMPLATE = 50;
const templates = new Map<string, Template>();

function template(sql: string): Template {
  let parsed = templates.get(sql);
  if (parsed) return parsed;
  const parts: Template['parts'] = [];
  let from = 0;
  for (const match of sql.matchAll(/:(\.\.\.)?([A-Za-z0-9_.]+)/g)) {
    parts.push(sql.slice(from, match.index), {
      name: match[2],
      spread: match[1] !== undefined,
      text: match[0],
    });
    from = match.index + match[0].length;
  }
  parts.push(sql.slice(from));
  parsed = { parts, bound: new Map() };
  templates.set(sql, parsed);
  if (templates.size > TEMPLATE_CACHE_SIZE) templates.delete(templates.keys().next().value!);
  return parsed;
}

const isPlainValue = (v: unknown): boolean =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Named parameters (`:id`, `:...ids`) to the driver's placeholders and values, exactly as the driver's
 * `escapeQueryWithParameters` does, from a template parsed once per statement instead of a regular
 * expression over the text on every call: a PostgreSQL parameter named twice is bound once; SQLite
 * takes numbers inline and booleans as 0/1; a name not among `params` stays as written. Values other
 * than strings, numbers, booleans and null (and lists of them) take the driver's own path.
 *
 * The bound text depends only on the parameters' shape (which are given, each list's length, SQLite's
 * inline numbers), so it is built once per shape and then reused: the same string each time, which the
 * prepared-statement cache finds without hashing a new text.
 */
export function bindParameters(driver: Driver, sql: string, params: ObjectLiteral): [string, unknown[]] {
  const names = Object.keys(params);
  if (names.length === 0) return [sql, []];
  const plain = names.every((name) => {
    const value: unknown = params[name];
    return Array.isArray(value) ? value.every(isPlainValue) : isPlainValue(value);
  });
  if (!plain) return driver.escapeQueryWithParameters(sql, params) as [string, unknown[]];
  const postgres = driver.options.type === 'postgres';
  const statement = template(sql);
  const values: unknown[] = [];
  // What each parameter becomes, which is all the bound text depends on: `-` left as written (not
  // given), a list's length, `=` a PostgreSQL parameter bound before, `#n` SQLite's inline number, `?` a
  // placeholder.
  const shape: (string | number)[] = [];
  const seen = postgres ? new Set<string>() : null;
  for (const part of statement.parts) {
    if (typeof part === 'string') continue;
    if (!Object.hasOwn(params, part.name)) {
      shape.push('-');
      continue;
    }
    const value: unknown = params[part.name];
    if (part.spread) {
      // Not a list: the driver's own path, which refuses it.
      if (!Array.isArray(value)) return driver.escapeQueryWithParameters(sql, params) as [string, unknown[]];
      for (const v of value as unknown[]) values.push(v);
      shape.push(value.length);
    } else if (seen?.has(part.name)) {
      shape.push('=');
    } else if (!postgres && typeof value === 'number') {
      shape.push(`#${value}`);
    } else {
      values.push(!postgres && typeof value === 'boolean' ? Number(value) : value);
      seen?.add(part.name);
      shape.push('?');
    }
  }
  const key = shape.join(',');
  let query = statement.bound.get(key);
  if (query === undefined) {
    query = boundText(driver, statement.parts, shape);
    statement.bound.set(key, query);
    if (statement.bound.size > BOUND_TEXTS_PER_TEMPLATE)
      statement.bound.delete(statement.bound.keys().next().value!);
  }
  return [query, values];
}

/** A statement's text with each parameter replaced as its `shape` says (see `bindParameters`). */
function boundText(driver: Driver, parts: Template['parts'], shape: (string | number)[]): string {
  const positions = new Map<string, number>();
  let count = 0;
  let query = '';
  let next = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      query += part;
      continue;
    }
    const kind = shape[next++];
    if (typeof kind === 'number') {
      query += Array.from({ length: kind }, () => driver.createParameter(part.name, count++)).join(', ');
    } else if (kind === '-') {
      query += part.text;
    } else if (kind === '=') {
      query += driver.createParameter(part.name, positions.get(part.name)!);
    } else if (kind.startsWith('#')) {
      query += kind.slice(1);
    } else {
      positions.set(part.name, count);
      query += driver.createParameter(part.name, count++);
    }
  }
  return query;
}

/** Runs SQL with the driver's own placeholders (as a query builder's `getQueryAndParameters` gives it). */
export async function runSql<T extends ObjectLiteral>(
  manager: EntityManager,
  query: string,
  values: unknown[],
): Promise<T[]> {
  // A PostgreSQL transaction has a connection of its own; SQLite has one connection for everything, so
  // its transactions' statements take the direct path too (TransactionRunner queues the transactions).
  if (manager.queryRunner && manager.connection.driver.options.type === 'postgres')
    return manager.query<T[]>(query, values);
  try {
    return await direct<T>(manager, query, values);
  } catch (error) {
    throw new QueryFailedError(query, values, error as Error);
  }
}

/** The statements prepared for `direct` on SQLite, at most this many (oldest dropped first). */
const SQLITE_STATEMENT_CACHE_SIZE = 200;
const sqliteStatements = new WeakMap<object, Map<string, PreparedStatement>>();

interface SqliteStatement {
  /** Whether the statement returns rows (a SELECT) rather than changes them. */
  reader: boolean;
  all(...values: unknown[]): unknown[];
  run(...values: unknown[]): unknown;
  raw(toggle: boolean): SqliteStatement;
  columns(): { name: string }[];
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/**
 * A prepared SQLite statement and, for a SELECT, its column names. A SELECT returns its rows as arrays
 * (better-sqlite3's raw mode), which become objects here with names read once per statement: building
 * row objects itself, the driver looks every column's name up again for every row, which made a
 * GetEndpoint cost ~10 µs more CPU (about 5%).
 */
interface PreparedStatement {
  statement: SqliteStatement;
  columns: string[] | null;
}

function prepareSqlite(db: SqliteDatabase, query: string): PreparedStatement {
  const statement = db.prepare(query);
  if (!statement.reader) return { statement, columns: null };
  return { statement: statement.raw(true), columns: statement.columns().map((c) => c.name) };
}

/** A raw row as an object: as better-sqlite3 builds it (a later column of the same name wins). */
function rowObject(columns: string[], values: unknown[]): ObjectLiteral {
  const row: ObjectLiteral = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i];
  return row;
}

interface PgPool {
  query(sql: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

async function direct<T>(manager: EntityManager, query: string, values: unknown[]): Promise<T[]> {
  const driver = manager.connection.driver;
  if (driver.options.type === 'postgres') {
    const pool = (driver as unknown as { master: PgPool }).master;
    return (await pool.query(query, values)).rows as T[];
  }
  if (driver.options.type === 'better-sqlite3') {
    const db = (driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
    let statements = sqliteStatements.get(db);
    if (!statements) sqliteStatements.set(db, (statements = new Map<string, PreparedStatement>()));
    let prepared = statements.get(query);
    if (!prepared) {
      prepared = prepareSqlite(db, query);
      statements.set(query, prepared);
      if (statements.size > SQLITE_STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    // better-sqlite3 binds no booleans (as in TypeORM's own runner).
    const bound = values.map((v) => (typeof v === 'boolean' ? Number(v) : v));
    const { statement, columns } = prepared;
    if (!columns) {
      statement.run(...bound);
      return [];
    }
    return (statement.all(...bound) as unknown[][]).map((values) => rowObject(columns, values) as T);
  }
  return manager.query<T[]>(query, values);
}

/**
 * An entity's columns as a select list (`"e"."id" AS "id", ...`) and the function that turns such a
 * row back into an entity instance, its values converted as TypeORM converts them (JSON, booleans, dates).
 */
export function entityColumns<E extends ObjectLiteral>(
  db: DataSource,
  metadata: EntityMetadata,
  alias: string,
): { select: string; hydrate: (row: ObjectLiteral) => E } {
  const columns = metadata.columns;
  const select = columns.map((c) => `"${alias}"."${c.databaseName}" AS "${c.propertyName}"`).join(', ');
  const hydrate = (row: ObjectLiteral): E => {
    // An instance of the entity's class, made as TypeORM makes the entities it loads (no constructor).
    const entity = metadata.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
    for (const c of columns)
      entity[c.propertyName] = db.driver.prepareHydratedValue(row[c.propertyName], c) as unknown;
    return entity as E;
  };
  return { select, hydrate };
}

const columnsByAlias = new WeakMap<EntityMetadata, Map<string, ReturnType<typeof entityColumns>>>();

/**
 * The rows of an entity matching `conditions` (plain SQL over `alias`, named parameters), as entity
 * instances with their values converted as TypeORM converts them; without building a query each time.
 */
export async function selectEntities<E extends ObjectLiteral>(
  db: DataSource | EntityManager,
  target: EntityTarget<E>,
  alias: string,
  conditions: string[],
  params: ObjectLiteral,
): Promise<E[]> {
  const dataSource = 'manager' in db ? db : db.connection;
  const metadata = dataSource.getMetadata(target);
  let byAlias = columnsByAlias.get(metadata);
  if (!byAlias) columnsByAlias.set(metadata, (byAlias = new Map<string, ReturnType<typeof entityColumns>>()));
  let columns = byAlias.get(alias);
  if (!columns) byAlias.set(alias, (columns = entityColumns(dataSource, metadata, alias)));
  const rows = await sqlQuery(
    db,
    `SELECT ${columns.select} FROM "${metadata.tableName}" "${alias}" WHERE ${conditions.join(' AND ')}`,
    params,
  );
  return rows.map((row) => columns.hydrate(row) as E);
}

/**
 * INSERTs entity rows as plain SQL on `manager` (in its transaction, if it has one). The columns a row
 * gives (any value but `undefined`; `null` is written as NULL) are written, with the value converted as
 * TypeORM converts it (JSON, booleans); the others take the column's database default. Rows giving the
 * same columns share one statement. Nothing is read back: the service sets ids and timestamps itself.
 */
export async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  rows: E[],
): Promise<void> {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(target);
  // The rows' values (each row's given ones), grouped by the columns they give (keyed by the columns'
  // positions), in order.
  const groups = new Map<string, { columns: ColumnMetadata[]; values: unknown[][] }>();
  for (const row of rows) {
    const columns: ColumnMetadata[] = [];
    const values: unknown[] = [];
    let key = '';
    metadata.columns.forEach((column, position) => {
      const value: unknown = column.getEntityValue(row);
      if (value === undefined) return;
      columns.push(column);
      values.push(driver.preparePersistentValue(value, column));
      key += `${position},`;
    });
    const group = groups.get(key);
    if (group) group.values.push(values);
    else groups.set(key, { columns, values: [values] });
  }
  for (const { columns, values: grouped } of groups.values()) {
    const values: unknown[] = [];
    const tuples = grouped.map((row) => {
      const placeholders = row.map((value) => {
        values.push(value);
        return driver.createParameter('', values.length - 1);
      });
      return `(${placeholders.join(', ')})`;
    });
    const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
    await runSql(
      manager,
      `INSERT INTO "${metadata.tableName}" (${names}) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}
