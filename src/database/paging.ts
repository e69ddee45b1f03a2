import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DEFAULT_COUNT_PER_PAGE, ListRequest, MAX_ALL_ITEMS, Page, SortOrders } from '../common/dto/list.dto';
import { InvalidFieldError } from '../common/errors/domain-errors';

export interface PagingOptions {
  /** Wire field name -> aliased column (`displayName` -> `e.displayName`): the only sortable fields. */
  sortFields: Record<string, string>;
  defaultSortField: string;
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
 * The ids of a page, in order: only the id column is read, so an index on the filter and sort
 * columns skips the offset without reading the rows it passes. Leaves `query` ordered and narrowed
 * to `specificIds`, for the caller to load the page's rows.
 */
export async function paginateIds<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  request: ListRequest,
  options: PagingOptions,
): Promise<Page<string>> {
  const sortField = request.sortField ?? options.defaultSortField;
  const sortColumn = options.sortFields[sortField];
  if (!sortColumn) {
    throw new InvalidFieldError(
      'sortField',
      'Invalid',
      `sortField must be one of: ${Object.keys(options.sortFields).join(', ')}`,
    );
  }
  if (request.specificIds?.length) {
    query.andWhere(`${options.idColumn} IN (:...pagingSpecificIds)`, {
      pagingSpecificIds: request.specificIds,
    });
  }
  const direction = request.sortOrder === SortOrders.Descend ? 'DESC' : 'ASC';
  query.orderBy(sortColumn, direction);
  if (sortColumn !== options.idColumn) query.addOrderBy(options.idColumn, direction);

  const size = request.all ? MAX_ALL_ITEMS : (request.countPerPage ?? DEFAULT_COUNT_PER_PAGE);
  const page = request.all ? 0 : (request.page ?? 0);
  const totalCount = request.simplifiedPaging ? 0 : await query.clone().orderBy().getCount();
  // offset/limit (not skip/take): the joins are one-to-one, so plain SQL paging is exact.
  const ids = await query
    .clone()
    .select(options.idColumn, 'pagedId')
    .offset(page * size)
    .limit(size + 1)
    .getRawMany<{ pagedId: string }>();
  return {
    items: ids.slice(0, size).map((r) => r.pagedId),
    totalCount,
    totalPages: request.simplifiedPaging ? 0 : Math.ceil(totalCount / size),
    hasMorePages: ids.length > size,
  };
}
