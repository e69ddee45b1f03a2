import type { ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { DEFAULT_COUNT_PER_PAGE, ListRequest, MAX_ALL_ITEMS, Page, SortOrders } from '../common/dto/list.dto';
import { InvalidFieldError } from '../common/errors/domain-errors';
import { decodeCursor, encodeCursor, SortValue } from './paging-cursor';
import { runSql } from './sql';

export interface PagingOptions {
  /** Wire field name -> aliased column (`displayName` -> `e.displayName`): the only sortable fields. */
  sortFields: Record<string, string>;
  /**
   * The sort fields whose column may be NULL. They take no cursor: PostgreSQL and SQLite order NULLs
   * differently, and a row-value comparison with NULL is never true, so keyset pages would skip rows.
   */
  nullableSortFields: string[];
  defaultSortField: string;
  /** The order when the request names none (default Ascend). */
  defaultSortOrder?: SortOrders;
  /** The aliased id column: filters `specificIds` and breaks ties so pages never overlap. */
  idColumn: string;
}

/**
 * Applies a `ListRequest` (specificIds, sorting, paging) to a query whose joins are at most one row
 * per result, and runs it. Counting is skipped with `simplifiedPaging`; one extra row tells whether
 * another page follows either way.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  request: ListRequest,
  options: PagingOptions,
): Promise<Page<T>> {
  const page = await paginateIds(query, request, options);
  // The ordered query, narrowed to the page's ids: the same rows in the same order.
  const rows = page.items.length
    ? await query.andWhere(`${options.idColumn} IN (:...pagedIds)`, { pagedIds: page.items }).getMany()
    : [];
  return { ...page, items: rows };
}

/**
 * The ids of a page, in order: only the id and sort columns are read, so an index on the filter and
 * sort columns skips the offset without reading the rows it passes. With a `cursor`, the page starts
 * right after the cursor's row instead (keyset paging: the index seeks to it, whatever the depth).
 * Either way a page that has a successor carries its `nextCursor`. Leaves `query` ordered and
 * narrowed to `specificIds`, for the caller to load the page's rows.
 */
export async function paginateIds<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  request: ListRequest,
  options: PagingOptions,
): Promise<Page<string>> {
  const sortField = request.sortField ?? options.defaultSortField;
  // An own key only: `__proto__`, `constructor` or `toString` would otherwise find Object.prototype's
  // members, and TypeORM writes the order into the object it is given.
  const sortColumn = Object.hasOwn(options.sortFields, sortField) ? options.sortFields[sortField] : undefined;
  if (sortColumn === undefined) {
    throw new InvalidFieldError(
      'sortField',
      'Invalid',
      `sortField must be one of: ${Object.keys(options.sortFields).join(', ')}`,
    );
  }
  const sortOrder = request.sortOrder ?? options.defaultSortOrder ?? SortOrders.Ascend;
  const keyset = !options.nullableSortFields.includes(sortField);
  if (request.cursor !== undefined && !keyset) {
    const cursorFields = Object.keys(options.sortFields).filter(
      (f) => !options.nullableSortFields.includes(f),
    );
    throw new InvalidFieldError(
      'cursor',
      'NotSupported',
      `cursor is not available when sorting by ${sortField}; sortFields with cursors: ${cursorFields.join(', ')}`,
    );
  }
  const after = request.cursor !== undefined ? decodeCursor(request.cursor, sortField, sortOrder) : null;
  if (request.specificIds?.length) {
    query.andWhere(`${options.idColumn} IN (:...pagingSpecificIds)`, {
      pagingSpecificIds: request.specificIds,
    });
  }
  const direction = sortOrder === SortOrders.Descend ? 'DESC' : 'ASC';
  query.orderBy(sortColumn, direction);
  if (sortColumn !== options.idColumn) query.addOrderBy(options.idColumn, direction);

  const size = request.all ? MAX_ALL_ITEMS : (request.countPerPage ?? DEFAULT_COUNT_PER_PAGE);
  const page = request.all ? 0 : (request.page ?? 0);
  // offset/limit (not skip/take): the joins are one-to-one, so plain SQL paging is exact.
  const pageQuery = query
    .clone()
    .select(options.idColumn, 'pagedId')
    .addSelect(sortColumn, 'pagedSortValue')
    .limit(size + 1);
  // On PostgreSQL a page by number counts the list in the same statement (the window runs before the
  // offset and limit, over the same index scan): one round trip, not two, and cheaper than the
  // COUNT(DISTINCT) apart. SQLite answers in-process (no round trip to save) and sorts the whole list
  // for the window instead of reading it in index order, so it counts apart; so does a page after a
  // cursor, which leaves rows out.
  const countInPage =
    !request.simplifiedPaging && !after && query.connection.driver.options.type === 'postgres';
  if (countInPage) pageQuery.addSelect('COUNT(*) OVER ()', 'pagedTotal');
  if (after) {
    // The rows after (sortColumn, id) in the sort order: the index on them seeks there directly.
    const comparison = direction === 'ASC' ? '>' : '<';
    if (sortColumn === options.idColumn)
      pageQuery.andWhere(`${options.idColumn} ${comparison} :pagingCursorId`, { pagingCursorId: after.id });
    else
      pageQuery.andWhere(
        `(${sortColumn}, ${options.idColumn}) ${comparison} (:pagingCursorValue, :pagingCursorId)`,
        {
          pagingCursorValue: after.value,
          pagingCursorId: after.id,
        },
      );
  } else {
    pageQuery.offset(page * size);
  }
  // Plain SQL through the driver (no entities to build); a builder made in a transaction stays in it.
  const [sql, values] = pageQuery.getQueryAndParameters();
  const { queryRunner } = pageQuery as unknown as { queryRunner?: QueryRunner };
  const rows = await runSql<{ pagedId: string; pagedSortValue: SortValue; pagedTotal?: number | string }>(
    queryRunner?.manager ?? pageQuery.connection.manager,
    sql,
    values,
  );
  // The count ignores the cursor: totalCount and totalPages describe the whole list either way. A page
  // past the end has no row to carry the window's count: it is counted apart (page 0 has none to count).
  const totalCount = request.simplifiedPaging
    ? 0
    : countInPage && rows.length
      ? Number(rows[0].pagedTotal)
      : countInPage && page === 0
        ? 0
        : await query.clone().orderBy().getCount();
  const items = rows.slice(0, size);
  const hasMorePages = rows.length > size;
  const last = items.at(-1);
  return {
    items: items.map((r) => r.pagedId),
    totalCount,
    totalPages: request.simplifiedPaging ? 0 : Math.ceil(totalCount / size),
    hasMorePages,
    nextCursor:
      hasMorePages && keyset && last
        ? encodeCursor({ sortField, sortOrder, value: last.pagedSortValue, id: last.pagedId })
        : null,
  };
}
