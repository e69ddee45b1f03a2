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

/** What a foreign-key violation refused: a write naming a row that is gone, or deleting a row still named. */
export interface ForeignKeyViolation {
  /** True when a delete was refused because rows still refer to the row. */
  stillReferenced: boolean;
  /** The referencing column (PostgreSQL names it; SQLite does not). */
  column?: string;
  /** The other table: the referenced one for a write, the referencing one for a delete. */
  table?: string;
}

/**
 * A foreign-key violation (PostgreSQL 23503, SQLite FOREIGN KEY), which a client provokes by racing a
 * delete against a write that refers to the deleted row; null for any other error.
 */
export function foreignKeyViolation(error: unknown): ForeignKeyViolation | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; detail?: string } | undefined;
  if (driverError?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
    return { stillReferenced: /^\s*DELETE\b/i.test(error.query) };
  if (driverError?.code !== '23503') return null;
  // 'Key ("customerId")=(…) is not present in table "customers".' or
  // 'Key (id)=(…) is still referenced from table "endpoints".'
  const detail = /^Key \("?([^")]+)"?\)=.* (is not present in|is still referenced from) table "([^"]+)"/.exec(
    driverError.detail ?? '',
  );
  if (!detail) return { stillReferenced: false };
  const stillReferenced = detail[2] === 'is still referenced from';
  return { stillReferenced, column: stillReferenced ? undefined : detail[1], table: detail[3] };
}

/** The API field a referencing column is written through (tag links are written as `tagIds`). */
const fieldOf = (column: string): string => (column === 'tagId' ? 'tagIds' : column);

/**
 * The 409 a foreign-key violation answers: the request raced a delete, and the database refused
 * what would have left a row pointing at nothing. Nothing was changed; the client may look again.
 */
export function foreignKeyConflict({ stillReferenced, column, table }: ForeignKeyViolation): AppError {
  if (stillReferenced)
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
    `${field}: the ${table ?? 'row'} it names was deleted meanwhile; nothing was changed.`,
    field,
  );
}
