import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListRequest, QueryBool, SortFieldOf, type SortFields } from '../../common/dto/list.dto';
import {
  OptionalEnum,
  OptionalIdList,
  OptionalString,
  splitQueryList,
} from '../../common/validation/decorators';
import { EndpointTypes, UserModes } from '../../contract/endpoint.enums';

/**
 * The two `flowState` values that, before schedules were evaluated, meant "has a flow" and "has none";
 * still answered that way for clients written then. New clients use `hasFlow`.
 */
export enum EndpointFlowStates {
  HasFlow = 'HasFlow',
  NoFlow = 'NoFlow',
}

const LEGACY_FLOW_STATES = new Map<string | undefined, boolean>([
  [EndpointFlowStates.HasFlow, true],
  [EndpointFlowStates.NoFlow, false],
]);

/** Whether the list keeps only endpoints with a flow (true), without one (false), or both (undefined). */
export const hasFlowFilter = (request: ListEndpointsQuery): boolean | undefined =>
  request.hasFlow ?? LEGACY_FLOW_STATES.get(request.flowState);

/** The schedule state the list keeps endpoints in, if any (`flowState` other than its legacy values). */
export const scheduleStateFilter = (request: ListEndpointsQuery): string | undefined =>
  request.flowState && !LEGACY_FLOW_STATES.has(request.flowState) ? request.flowState : undefined;

/** How many endpoints `flowState` evaluates at most in one request (the other filters narrow them first). */
export const FLOW_STATE_MAX_CANDIDATES = 10_000;

/** A list of free-text values from a query string (repeated keys and/or comma-joined). */
const StringList =
  (description: string, maxLength = 255) =>
  (target: object, key: string | symbol) => {
    ApiPropertyOptional({ description, type: [String] })(target, key);
    IsOptional()(target, key);
    Transform(splitQueryList)(target, key);
    IsArray()(target, key);
    ArrayMaxSize(100)(target, key);
    IsString({ each: true })(target, key);
    MaxLength(maxLength, { each: true })(target, key);
  };

/** The fields ListEndpoints sorts by, and their columns. */
export const ENDPOINT_SORT_FIELDS = {
  displayName: 'e.displayName',
  phoneNumber: 'e.phoneNumber',
  type: 'e.type',
  referenceId: 'e.referenceId',
  dateCreated: 'e.dateCreated',
  dateLastModified: 'e.dateLastModified',
  id: 'e.id',
} as const satisfies SortFields;

/**
 * Evo's `ListEndpoints`. Sorts by `displayName` (default), `phoneNumber`, `type`, `referenceId`,
 * `dateCreated`, `dateLastModified`, `id`; every one but the nullable `phoneNumber` and `referenceId` takes a
 * cursor.
 */
@SortFieldOf(ENDPOINT_SORT_FIELDS, 'displayName')
export class ListEndpointsQuery extends ListRequest {
  @OptionalIdList('Only endpoints of these accounts')
  accountIds?: string[];

  @OptionalIdList('Only endpoints of these customers (and their sub-customers unless shallowParent)')
  customerIds?: string[];

  @StringList('Only endpoints with these reference ids')
  referenceIds?: string[];

  @QueryBool('With customerIds: only endpoints directly under those customers, not their whole subtrees')
  shallowParent?: boolean;

  @OptionalIdList('Only endpoints routed to these flows')
  flowIds?: string[];

  @OptionalString(
    'Only endpoints whose schedule is in this state now (by the account’s test clock while it is on), e.g. ' +
      'Open or Closed: the state that picks the flow a call would run. The other filters apply first; at most ' +
      `${FLOW_STATE_MAX_CANDIDATES} endpoints may match them. The legacy values HasFlow and NoFlow still mean ` +
      'hasFlow=true and hasFlow=false.',
  )
  flowState?: string;

  @QueryBool('Only endpoints with (true) or without (false) a flow (flowId)')
  hasFlow?: boolean;

  @OptionalIdList('Only endpoints carrying all of these tags')
  tagIds?: string[];

  @OptionalString('Only endpoints whose display name contains this text (case-insensitive)')
  nameFilter?: string;

  @OptionalString('Only endpoints whose phone number contains these characters', 32)
  phoneNumberFilter?: string;

  @OptionalEnum(EndpointTypes, 'EndpointTypes', 'Only endpoints of this type')
  type?: EndpointTypes;

  @ApiPropertyOptional({
    description: 'Only endpoints of these types',
    enum: EndpointTypes,
    enumName: 'EndpointTypes',
    isArray: true,
  })
  @IsOptional()
  @Transform(splitQueryList)
  @IsArray()
  @IsEnum(EndpointTypes, {
    each: true,
    message: `types must each be one of: ${Object.values(EndpointTypes).join(', ')}`,
  })
  types?: EndpointTypes[];

  @OptionalEnum(UserModes, 'UserModes', 'Only endpoints in this user mode')
  userMode?: UserModes;

  @StringList(
    "Only endpoints whose data has these values: `Field=Value` entries, matched against the field's " +
      'stringValue (or numberValue / boolValue when the value reads as a number / true / false)',
    1000,
  )
  dataFilters?: string[];

  @OptionalString('Only endpoints with this SIP user name')
  sipUserName?: string;

  @OptionalString(
    'Only endpoints whose flowParams contain this Struct (JSON, e.g. {"greeting":{"stringValue":"Hi"}}); ' +
      'nested structValue entries match recursively',
    4000,
  )
  flowParametersFilter?: string;
}
