import { QueryFailedError } from 'typeorm';
import { AppError, ConflictError } from './domain-errors';

/** True when the driver reports a unique-constraint violation (PostgreSQL 23505, SQLite UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; message?: string } | undefined;
  return (
    driverError?.code === '23505' ||
    driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** What the drivers (pg, better-sqlite3) put on their errors. */
interface DriverError {
  code?: string;
  detail?: string;
}

/**
 * True when PostgreSQL gave up one of two racing transactions (40P01 deadlock, 40001 serialization
 * failure): it was rolled back whole, and the same request would succeed again.
 */
const isConcurrencyFailure = (driverError: DriverError): boolean =>
  driverError.code === '40P01' || driverError.code === '40001';

/** The API field a referencing column is written through (tag links are written as `tagIds`). */
const fieldOf = (column: string): string => (column === 'tagId' ? 'tagIds' : column);

/**
 * The 409 of a foreign-key violation (PostgreSQL 23503, SQLite FOREIGN KEY), which a client provokes
 * by racing a delete against a write naming the deleted row: the database refused what would have
 * left a row pointing at nothing, and nothing was changed. PostgreSQL names the column (its detail:
 * 'Key ("customerId")=(…) is not present in table "customers".' or 'Key (id)=(…) is still referenced
 * from table "endpoints".'); SQLite does not, so there the failed statement tells which side it was.
 * Null for any other error.
 */
function foreignKeyConflict(driverError: DriverError, query: string): AppError | null {
  if (driverError.code !== '23503' && driverError.code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') return null;
  const [, column, side, table] =
    /^Key \("?([^")]+)"?\)=.* (is not present in|is still referenced from) table "([^"]+)"/.exec(
      driverError.detail ?? '',
    ) ?? [];
  if (side ? side === 'is still referenced from' : /^\s*DELETE\b/i.test(query))
    return new ConflictError(
      'StillReferenced',
      `Rows${table ? ` of ${table}` : ''} were added that refer to what this request deletes; nothing was deleted.`,
    );
  if (!column)
    return new ConflictError(
      'ReferenceNotFound',
      'Something this request refers to was deleted meanwhile; nothing was changed.',
    );
  const field = fieldOf(column);
  return new ConflictError(
    'ReferenceNotFound',
    `${field}: the ${table} row it names was deleted meanwhile; nothing was changed.`,
    field,
  );
}

/**
 * The 409 for what the database refused because of a racing request: a foreign-key violation, or a
 * transaction given up for another (nothing changed; the same request would succeed again). Null for
 * any other error.
 */
export function raceConflict(error: unknown): AppError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (error.driverError ?? {}) as DriverError;
  const conflict = foreignKeyConflict(driverError, String(error.query));
  if (conflict) return conflict;
  if (isConcurrencyFailure(driverError))
    return new ConflictError(
      'ConcurrentChange',
      'Another request changed the same records at the same time; nothing was changed. Try again.',
    );
  return null;
}
