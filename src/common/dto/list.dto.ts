import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalIdList } from '../validation/decorators';

export enum SortOrders {
  Ascend = 'Ascend',
  Descend = 'Descend',
}

export const DEFAULT_COUNT_PER_PAGE = 25;
export const MAX_COUNT_PER_PAGE = 1000;
/** `all=true` returns at most this many items; `hasMorePages` says when there were more. */
export const MAX_ALL_ITEMS = 10_000;
/**
 * A cursor holds one sort value of at most 255 characters: this covers the longest the server
 * issues (multi-byte or JSON-escaped characters included), so a cursor it gave out is never refused.
 */
export const MAX_CURSOR_LENGTH = 4096;

/** A query-string boolean: `true`/`false` (also `1`/`0`); anything else fails validation. */
export const QueryBool = (description: string) => (target: object, key: string | symbol) => {
  ApiPropertyOptional({ description, type: Boolean })(target, key);
  IsOptional()(target, key);
  Transform(({ value }: { value: unknown }) => {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  })(target, key);
  IsBoolean({ message: `${String(key)} must be true or false` })(target, key);
};

/**
 * Evo's `ListRequest`: the paging and sorting fields every list takes. List queries extend it
 * with their own filters.
 */
export class ListRequest {
  @ApiPropertyOptional({
    description: 'The page to return (0-based)',
    type: 'integer',
    minimum: 0,
    default: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  page?: number;

  @ApiPropertyOptional({
    description: `Items per page (default ${DEFAULT_COUNT_PER_PAGE}, at most ${MAX_COUNT_PER_PAGE})`,
    type: 'integer',
    minimum: 1,
    maximum: MAX_COUNT_PER_PAGE,
    default: DEFAULT_COUNT_PER_PAGE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT_PER_PAGE)
  countPerPage?: number;

  @QueryBool(`Return every item on one page (at most ${MAX_ALL_ITEMS}); page and countPerPage are ignored`)
  all?: boolean;

  @OptionalIdList('Only the items with these ids', MAX_COUNT_PER_PAGE)
  specificIds?: string[];

  @ApiPropertyOptional({ description: 'The field to sort by (each list names the fields it sorts by)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sortField?: string;

  @ApiPropertyOptional({ description: 'The sort direction', enum: SortOrders, enumName: 'SortOrders' })
  @IsOptional()
  @IsEnum(SortOrders, { message: `sortOrder must be one of: ${Object.values(SortOrders).join(', ')}` })
  sortOrder?: SortOrders;

  @QueryBool(
    'Skip counting: totalCount and totalPages are 0; hasMorePages still tells whether another page follows, ' +
      'and an empty items list signals the end',
  )
  simplifiedPaging?: boolean;

  @ApiPropertyOptional({
    description:
      'Keyset paging: the nextCursor of the previous page. Returns the countPerPage items after that ' +
      'position (page is ignored), so later pages cost the same as the first and rows inserted before the ' +
      'position do not shift them. Bound to the sortField and sortOrder it was issued for; not available ' +
      'when sorting by a field that may be empty',
    maxLength: MAX_CURSOR_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;
}

/**
 * The fields one list sorts by, each with the column of the list's query it sorts by: the one whitelist
 * of that list, which its paging checks `sortField` against and its DTO documents (`SortFieldOf`).
 */
export type SortFields = Readonly<Record<string, string>>;

/**
 * On a list's query class: documents its `sortField` as the enum of its `SortFields` (the paging check
 * answers anything else with a 400 naming `sortField`).
 */
export const SortFieldOf =
  <F extends SortFields>(fields: F, defaultField: keyof F & string): ClassDecorator =>
  (target) =>
    ApiPropertyOptional({
      description: `The field to sort by (default ${defaultField})`,
      enum: Object.keys(fields),
    })(target.prototype as object, 'sortField');

/** Evo's `ListResponse`: one page of items. */
export interface ListResponse<T> {
  items: T[];
  totalCount: number;
  totalPages: number;
  hasMorePages: boolean;
  /** The `cursor` of the next page; null on the last page and for sorts without cursors. */
  nextCursor: string | null;
}

/** A page of rows as the paging helper returns it, before mapping to response DTOs. */
export type Page<T> = ListResponse<T>;

/** Maps the items of a page, keeping its counters. */
export async function mapPage<R, T>(
  page: Page<R>,
  map: (rows: R[]) => Promise<T[]> | T[],
): Promise<ListResponse<T>> {
  return {
    items: await map(page.items),
    totalCount: page.totalCount,
    totalPages: page.totalPages,
    hasMorePages: page.hasMorePages,
    nextCursor: page.nextCursor,
  };
}

const responseTypes = new Map<ClassType, ClassType>();

/** The OpenAPI class of `ListResponse` for one item type (`ListResponseEndpointInfo`, ...). */
export function ListResponseOf<T>(itemType: ClassType<T>): ClassType<ListResponse<T>> {
  const existing = responseTypes.get(itemType);
  if (existing) return existing as ClassType<ListResponse<T>>;
  class ListResponseType implements ListResponse<T> {
    @ApiProperty({ description: 'The items of this page', type: [itemType] })
    items: T[];
    @ApiProperty({ description: 'How many items match (0 with simplifiedPaging)', type: 'integer' })
    totalCount: number;
    @ApiProperty({ description: 'How many pages there are (0 with simplifiedPaging)', type: 'integer' })
    totalPages: number;
    @ApiProperty({ description: 'Whether another page follows this one' })
    hasMorePages: boolean;
    @ApiProperty({
      description:
        'Pass as cursor to read the next page by position (keyset paging); null when no page follows, ' +
        'or when the list is sorted by a field that may be empty',
      type: String,
      nullable: true,
    })
    nextCursor: string | null;
  }
  Object.defineProperty(ListResponseType, 'name', { value: `ListResponse${itemType.name}` });
  responseTypes.set(itemType, ListResponseType);
  return ListResponseType;
}
