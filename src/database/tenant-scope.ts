import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { NO_CUSTOMER_PATH, type TenantScope } from '../common/auth/principal';
import { InvalidFieldError } from '../common/errors/domain-errors';
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

/**
 * What a Customer-role caller may see of its account's flows, as a condition on the flow's customer
 * column (null for every other caller: they see all the flows of their accounts). Flows without a
 * customer are the account's shared flows; a customer's flows are shared down its subtree. So the
 * caller sees the shared flows, those of its own customer and its ancestors, and those of its
 * subtree (which it manages), never those of a sibling or another branch; nothing once its customer
 * is gone.
 */
export function customerFlows(
  scope: TenantScope,
  customerColumn: string,
): { sql: string; params: ObjectLiteral } | null {
  if (scope.customerPath === null) return null;
  if (scope.customerPath === NO_CUSTOMER_PATH) return { sql: '1 = 0', params: {} };
  return {
    sql:
      `(${customerColumn} IS NULL OR ${customerColumn} IN (:...flowScopeAncestors) OR ${customerColumn} IN ` +
      `(SELECT "sc"."id" FROM "customers" "sc" WHERE "sc"."path" LIKE :flowScopeSubtree))`,
    params: {
      flowScopeAncestors: scope.customerPath.split('/').filter((id) => id.length > 0),
      flowScopeSubtree: `${escapeLike(scope.customerPath)}%`,
    },
  };
}

/**
 * A 400 naming the first reference (in the order given) that is not a flow of the account the caller
 * may see (see `customerFlows`): what an endpoint runs or schedules, and a customer's schedule rules.
 */
export async function requireVisibleFlows(
  db: DataSource | EntityManager,
  scope: TenantScope,
  accountId: string,
  refs: { flowId: string; fieldName: string }[],
): Promise<void> {
  const known = await idsInAccount(
    db,
    'flows',
    accountId,
    [...new Set(refs.map((r) => r.flowId))],
    customerFlows(scope, '"customerId"') ?? undefined,
  );
  const missing = refs.find((r) => !known.has(r.flowId));
  if (missing)
    throw new InvalidFieldError(
      missing.fieldName,
      'NotFound',
      `${missing.fieldName}: no such flow in the account`,
    );
}
