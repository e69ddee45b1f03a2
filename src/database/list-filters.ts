import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { escapeLike } from './tenant-scope';

let counter = 0;
const paramName = (prefix: string): string => `${prefix}${(counter = (counter + 1) % 1_000_000)}`;

/**
 * Filters every list shares, written once. Link tables are named as in the migrations
 * (`endpoint_tags`, `customer_tags`, `flow_tags`), each `(ownerColumn, tagId)`.
 */

/**
 * Rows carrying ALL of `tagIds`, through a link table whose primary key is `(ownerColumn, tagId)`:
 * one EXISTS per tag, each a probe of that key, which the planner may also run as a semi-join
 * driven by the link table's `tagId` index.
 */
export function whereHasAllTags<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  link: { table: string; ownerColumn: string },
  ownerIdColumn: string,
  tagIds: string[],
): SelectQueryBuilder<T> {
  for (const tagId of new Set(tagIds)) {
    const name = paramName('tagId');
    query.andWhere(
      `EXISTS (SELECT 1 FROM "${link.table}" "lt" WHERE "lt"."${link.ownerColumn}" = ${ownerIdColumn} ` +
        `AND "lt"."tagId" = :${name})`,
      { [name]: tagId },
    );
  }
  return query;
}

/** Rows whose `column` contains `text`, case-insensitively. */
export function whereContains<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  text: string | undefined,
): SelectQueryBuilder<T> {
  if (!text) return query;
  const name = paramName('contains');
  return query.andWhere(`LOWER(${column}) LIKE :${name} ESCAPE '\\'`, {
    [name]: `%${escapeLike(text.toLowerCase())}%`,
  });
}

/** Rows whose `column` is one of `values` (no condition when the list is empty or absent). */
export function whereIn<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  values: string[] | undefined,
): SelectQueryBuilder<T> {
  if (!values?.length) return query;
  const name = paramName('in');
  return query.andWhere(`${column} IN (:...${name})`, { [name]: values });
}

/**
 * Rows whose customer (`customerIdColumn`) is one of `customerIds`, or (unless `shallow`) anywhere in
 * their subtrees, through the customers' materialised paths.
 */
export function whereInCustomerSubtrees<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  customerIdColumn: string,
  customerIds: string[] | undefined,
  shallow: boolean,
): SelectQueryBuilder<T> {
  if (!customerIds?.length) return query;
  if (shallow) return whereIn(query, customerIdColumn, customerIds);
  const name = paramName('subtrees');
  return query.andWhere(
    `EXISTS (SELECT 1 FROM "customers" "sub" INNER JOIN "customers" "anc" ON "sub"."path" LIKE "anc"."path" || '%' ` +
      `WHERE "sub"."id" = ${customerIdColumn} AND "anc"."id" IN (:...${name}))`,
    { [name]: customerIds },
  );
}
