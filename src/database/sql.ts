import type { DataSource, EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';

/**
 * Plain SQL for the hottest reads, where building a query and hydrating entities would cost more than
 * the database does. Parameters are named as in TypeORM (`:id`, `:...ids` for a list) and bound by the
 * driver, so the SQL never holds a value. Identifiers are double-quoted, which both databases accept.
 */
export async function sqlQuery<T extends ObjectLiteral>(
  db: DataSource | EntityManager,
  sql: string,
  params: ObjectLiteral = {},
): Promise<T[]> {
  const driver = 'driver' in db ? db.driver : db.connection.driver;
  const [query, values] = driver.escapeQueryWithParameters(sql, params);
  return db.query<T[]>(query, values);
}

/**
 * An entity's columns as a select list (`"e"."id" AS "id", ...`) and the function that turns such a
 * row back into the entity's values, converted as TypeORM converts them (JSON, booleans, dates).
 */
export function entityColumns<E extends ObjectLiteral>(
  db: DataSource,
  metadata: EntityMetadata,
  alias: string,
): { select: string; hydrate: (row: ObjectLiteral) => E } {
  const columns = metadata.columns;
  const select = columns.map((c) => `"${alias}"."${c.databaseName}" AS "${c.propertyName}"`).join(', ');
  const hydrate = (row: ObjectLiteral): E => {
    const entity: ObjectLiteral = {};
    for (const c of columns)
      entity[c.propertyName] = db.driver.prepareHydratedValue(row[c.propertyName], c) as unknown;
    return entity as E;
  };
  return { select, hydrate };
}
