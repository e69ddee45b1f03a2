import type { CustomerBreadcrumb } from '../contract/entity-info.dto';
import type { Tag } from '../tags/dto/tag.dto';
import type { FlowInfo, FlowRoles } from './dto/flow.dto';
import type { FlowEntity } from './entities/flow.entity';

export interface FlowRelations {
  accountName: string | null;
  customerName: string | null;
  customerBreadcrumb: CustomerBreadcrumb[];
  tags: Tag[];
  includeNodes: boolean;
}

export function mapFlow(flow: FlowEntity, relations: FlowRelations): FlowInfo {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    notes: flow.notes,
    roles: flow.roles as FlowRoles[],
    accountId: flow.accountId,
    accountName: relations.accountName,
    customerId: flow.customerId,
    customerName: relations.customerName,
    customerBreadcrumb: relations.customerBreadcrumb,
    nodes: relations.includeNodes ? flow.nodes : [],
    parameters: flow.parameters,
    exits: flow.exits,
    tags: relations.tags,
    nodeCount: flow.nodes.length,
    dateCreated: flow.dateCreated,
    dateLastModified: flow.dateLastModified,
    createdBy: flow.createdBy,
    lastModifiedBy: flow.lastModifiedBy,
  };
}
