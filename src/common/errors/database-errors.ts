import { QueryFailedError } from 'typeorm';

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

/**
 * True when PostgreSQL aborted the transaction to resolve a conflict with another one: a deadlock
 * (40P01) or a serialisation failure (40001). Nothing was written; the request may simply be retried.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === '40P01' || code === '40001';
}
