import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * SQL over the JSON text columns (`simple-json`), the one place where SQLite and PostgreSQL differ.
 * Paths are bound as parameters, never spliced into the SQL.
 */

let counter = 0;
const paramName = (): string => `json${(counter = (counter + 1) % 1_000_000)}`;

const isPostgres = (query: SelectQueryBuilder<ObjectLiteral>): boolean =>
  query.connection.options.type === 'postgres';

/** Characters a JSON path key may not contain (SQLite's path syntax has no escape for them). */
export const UNSAFE_JSON_KEY = /["\\]/;

/**
 * SQL comparing the JSON value at `path` inside `column` with `value`, both as canonical JSON text
 * (`"abc"`, `2`, `true`). SQLite: `column -> '$."a"."b"'`; PostgreSQL: `CAST(CAST(column AS jsonb) #> '{a,b}' AS text)`.
 */
export function jsonValueEquals<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  path: string[],
  value: unknown,
): string {
  const pathParam = paramName();
  const valueParam = paramName();
  query.setParameter(valueParam, JSON.stringify(value));
  if (isPostgres(query)) {
    query.setParameter(pathParam, path);
    return `CAST(CAST(${column} AS jsonb) #> :${pathParam} AS text) = :${valueParam}`;
  }
  query.setParameter(pathParam, `$${path.map((key) => `."${key}"`).join('')}`);
  return `(${column} -> :${pathParam}) = :${valueParam}`;
}

/** SQL: the JSON array in `column` has an element whose value at `path` (`['spec', 'typeName']`) is the string `value`. */
export function jsonArrayHasElementWith<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  path: string[],
  value: string,
): string {
  const pathParam = paramName();
  const valueParam = paramName();
  query.setParameter(valueParam, value);
  if (isPostgres(query)) {
    query.setParameter(pathParam, path);
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(${column} AS jsonb)) AS el WHERE el.value #>> :${pathParam} = :${valueParam})`;
  }
  query.setParameter(pathParam, `$${path.map((key) => `."${key}"`).join('')}`);
  return `EXISTS (SELECT 1 FROM json_each(${column}) AS el WHERE json_extract(el.value, :${pathParam}) = :${valueParam})`;
}

/** SQL: the JSON array of strings in `column` contains `value`. */
export function jsonArrayContainsString<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  value: string,
): string {
  const valueParam = paramName();
  if (isPostgres(query)) {
    query.setParameter(valueParam, JSON.stringify([value]));
    return `CAST(${column} AS jsonb) @> CAST(:${valueParam} AS jsonb)`;
  }
  query.setParameter(valueParam, value);
  return `EXISTS (SELECT 1 FROM json_each(${column}) AS el WHERE el.value = :${valueParam})`;
}
