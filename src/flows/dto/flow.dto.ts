import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEnum, IsObject, IsOptional } from 'class-validator';
import { CustomerBreadcrumb, EntityInfo } from '../../contract/entity-info.dto';
import { ListRequest, QueryBool, SortFieldOf, type SortFields } from '../../common/dto/list.dto';
import {
  KeptAsSent,
  Omittable,
  OptionalEnum,
  OptionalId,
  OptionalIdList,
  OptionalString,
  PatchString,
  RequiredString,
} from '../../common/validation/decorators';
import { ValueTypes } from '../../contract/value-types.enum';
import { Tag } from '../../tags/dto/tag.dto';
import { FlowExit, FlowNode, FlowParameter } from './flow-graph.dto';

export enum FlowRoles {
  UI = 'UI',
  Reference = 'Reference',
  PhoneNumberRouting = 'PhoneNumberRouting',
  UserDialOut = 'UserDialOut',
  FaxNumberRouting = 'FaxNumberRouting',
}

const NODES_DESCRIPTION =
  'The nodes of the routing graph, in Evo Voice’s shape. Node ids are unique, a non-empty graph has exactly one ' +
  'start node, every node has a `spec.url`, node parameters have ids unique in the flow and a `ValueTypes` ' +
  'type, every Transition’s `value.stringValue` is a node id or an exit name of the flow (or empty: not ' +
  'connected), and resource-typed values (Flow, Endpoint, PhoneNumber, FaxNumber, User, Team, Customer; a ' +
  'sub-flow node’s `spec.url`) name objects of the flow’s account. Every field is stored and returned as sent.';

const EXITS_DESCRIPTION =
  'The exits of the flow: where it returns to a calling flow. Names are unique; transitions name them.';

const PARAMETERS_DESCRIPTION =
  'The parameters the flow takes (set by endpoints’ `flowParams` and by calling flows): names unique, ' +
  'a `ValueTypes` type other than Struct and Transition, a `listType` for a List, outputs public.';

/**
 * How a list may be left out: on a create, absent or null (none); on a patch only absent, since a
 * null list is neither "leave it" nor a list (a 400 naming the field).
 */
type Presence = 'create' | 'patch';
const leftOut = (presence: Presence): PropertyDecorator =>
  presence === 'patch' ? Omittable() : IsOptional();

const Roles = (presence: Presence) => (target: object, key: string | symbol) => {
  ApiPropertyOptional({
    description: 'What the flow is for',
    enum: FlowRoles,
    enumName: 'FlowRoles',
    isArray: true,
  })(target, key);
  leftOut(presence)(target, key);
  IsArray()(target, key);
  IsEnum(FlowRoles, {
    each: true,
    message: `roles must each be one of: ${Object.values(FlowRoles).join(', ')}`,
  })(target, key);
};

/** A list of graph objects, documented as `type`, checked by `flow-graph.ts` (so unknown fields are kept). */
const GraphList =
  (type: Type, description: string, max: number, presence: Presence) =>
  (target: object, key: string | symbol) => {
    ApiPropertyOptional({ description, type: [type] })(target, key);
    leftOut(presence)(target, key);
    IsArray()(target, key);
    ArrayMaxSize(max)(target, key);
    IsObject({ each: true })(target, key);
    KeptAsSent()(target, key);
  };

/** Evo's `NewFlow`. */
export class NewFlow {
  @OptionalId("The account of the flow (defaults to the caller's only account)")
  accountId?: string;

  @OptionalId('The customer the flow belongs to, if any')
  customerId?: string;

  @RequiredString('The name of the flow', 255, 'Main IVR')
  name: string;

  @OptionalString('A description of the flow', 4000)
  description?: string;

  @OptionalString('Notes about the flow', 4000)
  notes?: string;

  @Roles('create')
  roles?: FlowRoles[];

  @GraphList(FlowNode, NODES_DESCRIPTION, 1000, 'create')
  nodes?: Record<string, unknown>[];

  @GraphList(FlowParameter, PARAMETERS_DESCRIPTION, 200, 'create')
  parameters?: Record<string, unknown>[];

  @GraphList(FlowExit, EXITS_DESCRIPTION, 200, 'create')
  exits?: Record<string, unknown>[];

  @OptionalIdList('The tags of the flow')
  tagIds?: string[];
}

/** Evo's `PatchFlow`: only the fields given change; null clears a nullable field. */
export class PatchFlow {
  @PatchString('The name of the flow')
  name?: string;

  @OptionalId('The customer the flow belongs to (null: the account)')
  customerId?: string | null;

  @OptionalString('A description of the flow', 4000)
  description?: string | null;

  @OptionalString('Notes about the flow', 4000)
  notes?: string | null;

  @Roles('patch')
  roles?: FlowRoles[];

  @GraphList(FlowNode, NODES_DESCRIPTION, 1000, 'patch')
  nodes?: Record<string, unknown>[];

  @GraphList(FlowParameter, PARAMETERS_DESCRIPTION, 200, 'patch')
  parameters?: Record<string, unknown>[];

  @GraphList(FlowExit, EXITS_DESCRIPTION, 200, 'patch')
  exits?: Record<string, unknown>[];

  @OptionalIdList('The tags of the flow (replaces the list)')
  tagIds?: string[];
}

/** Evo's `CopyFlow`. */
export class CopyFlow {
  @OptionalString("The name of the copy (default: 'Copy of <name>')")
  name?: string;
}

/** The fields ListFlows sorts by, and their columns. */
export const FLOW_SORT_FIELDS = {
  name: 'f.name',
  dateCreated: 'f.dateCreated',
  dateLastModified: 'f.dateLastModified',
  id: 'f.id',
} as const satisfies SortFields;

/** Evo's `ListFlows`. Sorts by `name` (default), `dateCreated`, `dateLastModified`, `id`. */
@SortFieldOf(FLOW_SORT_FIELDS, 'name')
export class ListFlowsQuery extends ListRequest {
  @OptionalIdList('Only flows of these accounts')
  accountIds?: string[];

  @OptionalIdList('Only flows of these customers')
  customerIds?: string[];

  @OptionalString('Only flows whose name contains this text (case-insensitive)')
  nameFilter?: string;

  @OptionalIdList('Only flows carrying all of these tags')
  tagIds?: string[];

  @OptionalEnum(FlowRoles, 'FlowRoles', 'Only flows with this role')
  role?: FlowRoles;

  @QueryBool('Include the nodes of each flow (default false: nodes is empty, nodeCount still counts them)')
  includeNodes?: boolean;

  @OptionalString('Only flows with at least one node of this type (its `spec.typeName`, e.g. DialNode)')
  nodeTypeFilter?: string;
}

export class DeleteFlowQuery {
  @QueryBool('Detach the endpoints that use the flow (their flowId becomes null) instead of refusing')
  detach?: boolean;
}

/** Evo's `FlowInfo`. */
export class FlowInfo extends EntityInfo {
  @ApiProperty({ description: 'The name of the flow' }) name: string;
  @ApiProperty({ description: 'Description', nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'Notes', nullable: true, type: String }) notes: string | null;
  @ApiProperty({ description: 'Roles', enum: FlowRoles, enumName: 'FlowRoles', isArray: true })
  roles: FlowRoles[];
  @ApiProperty({ description: 'The account of the flow' }) accountId: string;
  @ApiProperty({ description: 'The name of the account', nullable: true, type: String }) accountName:
    string | null;
  @ApiProperty({ description: 'The customer of the flow', nullable: true, type: String }) customerId:
    string | null;
  @ApiProperty({ description: 'The name of the customer', nullable: true, type: String }) customerName:
    string | null;
  @ApiProperty({ description: 'The breadcrumb to the customer (root to leaf)', type: [CustomerBreadcrumb] })
  customerBreadcrumb: CustomerBreadcrumb[];
  @ApiProperty({ description: `${NODES_DESCRIPTION} Empty in lists unless includeNodes.`, type: [FlowNode] })
  nodes: unknown[];
  @ApiProperty({ description: PARAMETERS_DESCRIPTION, type: [FlowParameter] }) parameters: unknown[];
  @ApiProperty({ description: EXITS_DESCRIPTION, type: [FlowExit] }) exits: unknown[];
  @ApiProperty({ description: 'The tags of the flow', type: [Tag] }) tags: Tag[];
  @ApiProperty({ description: 'The number of nodes (in lists too)', type: 'integer' }) nodeCount: number;
}

/** Evo's `GetAvailableNodes`. */
export class AvailableNodesQuery {
  @OptionalId('The flow being edited: its account’s flows are offered as sub-flow nodes, itself excepted')
  flowId?: string;

  @OptionalId("The account whose flows to offer as sub-flow nodes (defaults to the caller's only account)")
  accountId?: string;
}

/** Evo's `GetFlowParameters`. */
export class FlowFieldsQuery {
  @OptionalId("The account whose custom fields to list (defaults to the caller's only account)")
  accountId?: string;

  @QueryBool('Leave out the built-in fields (of the call, its endpoint and customer): custom fields only')
  excludeBuiltInFields?: boolean;
}

/** A field a node parameter can read: `source` and `referenceId` (its `name`) on the parameter. */
export class FlowField {
  @ApiProperty({ description: 'The name of the field: a parameter’s `referenceId`', example: 'Tier' })
  name: string;

  @ApiProperty({
    description: 'Whose field it is: a parameter’s `source` (Session, Endpoint, Customer, System)',
    example: 'Customer',
  })
  source: string;

  @ApiProperty({ description: 'What it holds', enum: ValueTypes, enumName: 'ValueTypes' })
  type: ValueTypes;

  @ApiProperty({ description: 'What it is', nullable: true, type: String })
  description: string | null;

  @ApiProperty({ description: 'Whether every account has it (false: a custom field of the account)' })
  isBuiltIn: boolean;
}
