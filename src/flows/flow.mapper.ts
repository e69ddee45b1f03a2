import type { FlowInfo, FlowRoles } from './dto/flow.dto';
import type { FlowEntity } from './entities/flow.entity';

export function mapFlow(flow: FlowEntity, accountName: string | null): FlowInfo {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    notes: flow.notes,
    roles: flow.roles as FlowRoles[],
    accountId: flow.accountId,
    accountName,
    customerId: flow.customerId,
    nodes: flow.nodes,
    parameters: flow.parameters,
    exits: flow.exits,
    nodeCount: flow.nodes.length,
    dateCreated: flow.dateCreated,
    dateLastModified: flow.dateLastModified,
    createdBy: flow.createdBy,
    lastModifiedBy: flow.lastModifiedBy,
  };
}
