import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import type { TenantScope } from '../common/auth/principal';

/**
 * Confines a query to what the caller may see, inside the SQL (never by filtering results).
 *
 * `accountColumn` is the aliased account id column (`e.accountId`); `customerPathColumn`, when the
 * rows belong to customers, is the aliased materialised path of the row's customer (`c.path`),
 * which Customer-role callers are confined to. Rows without a customer are invisible to them.
 */
export function applyTenantScope<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  scope: TenantScope,
  columns: { accountColumn: string; customerPathColumn?: string },
): SelectQueryBuilder<T> {
  if (scope.accountIds !== null) {
    if (scope.accountIds.length === 0) return query.andWhere('1 = 0');
    query.andWhere(`${columns.accountColumn} IN (:...scopeAccountIds)`, {
      scopeAccountIds: scope.accountIds,
    });
  }
  if (scope.customerPath !== null) {
    if (!columns.customerPathColumn) return query.andWhere('1 = 0');
    query.andWhere(`${columns.customerPathColumn} LIKE :scopeCustomerPath`, {
      scopeCustomerPath: `${escapeLike(scope.customerPath)}%`,
    });
  }
  return query;
}

/** Escapes LIKE wildcards; ids never contain them, but names and filters do. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);
