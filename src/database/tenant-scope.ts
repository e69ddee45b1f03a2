import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { TenantScope } from '../common/auth/principal';
import { sqlQuery } from './sql';

export interface ScopeColumns {
  /** The aliased account id column (`e.accountId`). */
  accountColumn: string;
  /** The aliased materialised path of the row's customer (`c.path`), when rows belong to customers. */
  customerPathColumn?: string;
}

/**
 * The SQL conditions (with their named parameters) that confine rows to what the caller may see.
 * Customer-role callers are confined to their customer's subtree; rows without a customer are
 * invisible to them.
 */
export function tenantScopeConditions(
  scope: TenantScope,
  columns: ScopeColumns,
): { conditions: string[]; params: ObjectLiteral } {
  const conditions: string[] = [];
  const params: ObjectLiteral = {};
  if (scope.accountIds !== null) {
    if (scope.accountIds.length === 0) return { conditions: ['1 = 0'], params };
    conditions.push(`${columns.accountColumn} IN (:...scopeAccountIds)`);
    params.scopeAccountIds = scope.accountIds;
  }
  if (scope.customerPath !== null) {
    if (!columns.customerPathColumn) return { conditions: ['1 = 0'], params };
    conditions.push(`${columns.customerPathColumn} LIKE :scopeCustomerPath`);
    params.scopeCustomerPath = `${escapeLike(scope.customerPath)}%`;
  }
  return { conditions, params };
}

/** Confines a query to what the caller may see, inside the SQL (never by filtering results). */
export function applyTenantScope<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  scope: TenantScope,
  columns: ScopeColumns,
): SelectQueryBuilder<T> {
  const { conditions, params } = tenantScopeConditions(scope, columns);
  for (const condition of conditions) query.andWhere(condition);
  return query.setParameters(params);
}

/** Escapes LIKE wildcards; ids never contain them, but names and filters do. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Which of `ids` are rows of `table` that belong to the account, in one query (in the caller's
 * transaction when given its manager); `where` narrows further, e.g. `"type" IN (:...types)`.
 */
export async function idsInAccount(
  db: DataSource | EntityManager,
  table: string,
  accountId: string,
  ids: string[],
  where?: { sql: string; params: ObjectLiteral },
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await sqlQuery<{ id: string }>(
    db,
    `SELECT "id" FROM "${table}" WHERE "accountId" = :accountId AND "id" IN (:...ids)` +
      (where ? ` AND ${where.sql}` : ''),
    { ...where?.params, accountId, ids },
  );
  return new Set(rows.map((r) => r.id));
}
