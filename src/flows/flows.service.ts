import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import type { Principal } from '../common/auth/principal';
import { newAudited, touched } from '../common/audit';
import { ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { CustomersService } from '../customers/customers.service';
import { DeletionHooks } from '../database/deletion-hooks';
import { TransactionRunner } from '../database/transaction-runner';
import { TagsService } from '../tags/tags.service';
import { AvailableNode } from './dto/flow-graph.dto';
import {
  AvailableNodesQuery,
  CopyFlow,
  FlowField,
  FlowFieldsQuery,
  FlowInfo,
  FlowRoles,
  ListFlowsQuery,
  NewFlow,
  PatchFlow,
} from './dto/flow.dto';
import { FlowTagEntity } from './entities/flow-tag.entity';
import { FlowEntity } from './entities/flow.entity';
import { FLOW_VALUE_TYPES, FlowGraph, inspectFlowGraph, validateFlowGraph } from './flow-graph';
import { FlowReferenceResolvers, newReferences } from './flow-references';
import { FlowRepository } from './flow.repository';
import { mapFlow } from './flow.mapper';
import { BUILT_IN_FIELDS, customFlowFields } from './flow-fields';
import { BUILT_IN_NODES, subflowNode } from './node-catalogue';

@Injectable()
export class FlowsService {
  /** What deleting flows means for what uses them (`endpoints/on-flows-deleting.ts`). */
  readonly deletionHooks = new DeletionHooks();
  /**
   * Which objects a flow's resource-typed values may name (`flow-and-customer-references.ts`,
   * `endpoints/flow-references.ts`).
   */
  readonly references = new FlowReferenceResolvers();

  constructor(
    private readonly flows: FlowRepository,
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tags: TagsService,
    private readonly customFields: CustomFieldsService,
    private readonly tx: TransactionRunner,
  ) {}

  async create(actor: Principal, dto: NewFlow): Promise<FlowInfo> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    if (dto.customerId) await this.customers.findInAccount(actor, account.id, dto.customerId, 'customerId');
    const tagIds = dto.tagIds ?? [];
    await this.tags.requireInAccount(account.id, tagIds, 'tagIds');
    const flow: FlowEntity = {
      ...newAudited(actor),
      accountId: account.id,
      customerId: dto.customerId ?? null,
      name: dto.name,
      description: dto.description ?? null,
      notes: dto.notes ?? null,
      roles: dto.roles ?? [FlowRoles.PhoneNumberRouting],
      nodes: dto.nodes ?? [],
      parameters: dto.parameters ?? [],
      exits: dto.exits ?? [],
    };
    const references = validateFlowGraph(flow);
    await this.tx.run(async (m) => {
      await this.references.requireInAccount(m, account.id, references);
      await this.flows.insert(m, [flow]);
      await this.tags.replaceLinks(m, FlowTagEntity, 'flowId', flow.id, tagIds);
    });
    return (await this.toInfos([flow], true))[0];
  }

  async list(actor: Principal, request: ListFlowsQuery): Promise<ListResponse<FlowInfo>> {
    return mapPage(await this.flows.page(actor, request), (rows) =>
      this.toInfos(rows, request.includeNodes ?? false),
    );
  }

  async get(actor: Principal, id: string): Promise<FlowInfo> {
    return (await this.toInfos([await this.findVisible(actor, id)], true))[0];
  }

  async patch(actor: Principal, id: string, dto: PatchFlow): Promise<FlowInfo> {
    const flow = await this.findVisible(actor, id);
    if (dto.customerId)
      await this.customers.findInAccount(actor, flow.accountId, dto.customerId, 'customerId');
    if (dto.tagIds) await this.tags.requireInAccount(flow.accountId, dto.tagIds, 'tagIds');
    // The graph is checked when it changes. Of its references, those it held before are not checked
    // again: an object deleted since does not block an unrelated edit (ids are never reused).
    const graph: FlowGraph = {
      nodes: dto.nodes ?? flow.nodes,
      exits: dto.exits ?? flow.exits,
      parameters: dto.parameters ?? flow.parameters,
    };
    const references =
      dto.nodes || dto.exits || dto.parameters
        ? newReferences(validateFlowGraph(graph), inspectFlowGraph(flow).references)
        : [];
    const changes: Partial<FlowEntity> = { ...touched(actor) };
    for (const key of [
      'name',
      'customerId',
      'description',
      'notes',
      'roles',
      'nodes',
      'parameters',
      'exits',
    ] as const)
      if (dto[key] !== undefined) Object.assign(changes, { [key]: dto[key] });
    await this.tx.run(async (m) => {
      await this.references.requireInAccount(m, flow.accountId, references);
      await this.flows.update(m, id, changes);
      if (dto.tagIds) await this.tags.replaceLinks(m, FlowTagEntity, 'flowId', id, dto.tagIds);
    });
    return this.get(actor, id);
  }

  /** Copies a flow (graph, roles, tags) within its account. */
  async copy(actor: Principal, id: string, dto: CopyFlow): Promise<FlowInfo> {
    const source = await this.findVisible(actor, id);
    const tagIds = ((await this.tags.tagsByOwner(FlowTagEntity, 'flowId', [id])).get(id) ?? []).map(
      (t) => t.id,
    );
    const copy: FlowEntity = {
      ...source,
      ...newAudited(actor),
      name: dto.name?.trim() || `Copy of ${source.name}`,
    };
    await this.tx.run(async (m) => {
      await this.flows.insert(m, [copy]);
      await this.tags.replaceLinks(m, FlowTagEntity, 'flowId', copy.id, tagIds);
    });
    return (await this.toInfos([copy], true))[0];
  }

  /**
   * Deletes a flow; refused (409) while other flows run it, and (by the endpoints' hook) while endpoints
   * use it unless `detach`.
   */
  async delete(actor: Principal, id: string, detach: boolean): Promise<void> {
    const flow = await this.findVisible(actor, id);
    await this.tx.run(async (m) => {
      // Locked first: an endpoint taking the flow meanwhile commits before the check, or waits and is
      // refused by the foreign key.
      await this.flows.lock(m, id);
      await this.refuseWhileCalled(m, flow);
      await this.deletionHooks.run(m, [id], { force: detach });
      await this.flows.delete(m, [id]);
    });
  }

  /** Deletes every flow of the accounts (when the accounts themselves are deleted). */
  async deleteForAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    const ids = await this.flows.idsOfAccounts(manager, accountIds);
    if (ids.length === 0) return;
    await this.deletionHooks.run(manager, ids, { force: true });
    await this.flows.delete(manager, ids);
  }

  /**
   * Every referenced flow is a flow of the account that the caller may see (one query however many
   * references), else a 400 naming the first reference, in the given order, whose flow is not.
   */
  async requireAllInAccount(
    actor: Principal,
    accountId: string,
    refs: { flowId: string; fieldName: string }[],
  ): Promise<void> {
    await this.flows.requireVisible(actor, accountId, refs);
  }

  /** GET /flows/available-nodes: the built-in node types, and the account's flows as sub-flow nodes. */
  async availableNodes(actor: Principal, query: AvailableNodesQuery): Promise<AvailableNode[]> {
    let accountId = query.flowId ? (await this.findVisible(actor, query.flowId)).accountId : undefined;
    if (!accountId && (query.accountId || actor.accountIds.length === 1))
      accountId = (await this.accounts.resolveForCaller(actor, query.accountId)).id;
    if (!accountId) return [...BUILT_IN_NODES];
    const flows = await this.flows.subflows(actor, accountId);
    return [...BUILT_IN_NODES, ...flows.filter((f) => f.id !== query.flowId).map(subflowNode)];
  }

  /** GET /flows/parameters: the fields node parameters can read, built-in then the account's own. */
  async fields(actor: Principal, query: FlowFieldsQuery): Promise<FlowField[]> {
    const account = await this.accounts.resolveForCaller(actor, query.accountId);
    const custom = customFlowFields(await this.customFields.forAccount(account.id));
    return query.excludeBuiltInFields ? custom : [...BUILT_IN_FIELDS, ...custom];
  }

  /** A 409 naming the other flows of the account that run `flow` (as a sub-flow or a Flow value). */
  private async refuseWhileCalled(manager: EntityManager, flow: FlowEntity): Promise<void> {
    const callers = (await this.flows.mentioning(manager, flow)).filter((c) =>
      inspectFlowGraph(c).references.some((r) => r.id === flow.id && FLOW_VALUE_TYPES.has(r.type)),
    );
    if (callers.length)
      throw new ConflictError(
        'FlowInUse',
        `Flow ${flow.id} is run by ${callers.length} other flow(s): ${callers.map((c) => c.name).join(', ')}; ` +
          'change them first.',
      );
  }

  private async findVisible(actor: Principal, id: string): Promise<FlowEntity> {
    const flow = await this.flows.findVisible(actor, id);
    if (!flow) throw new NotFoundError(`Flow ${id} not found`);
    return flow;
  }

  /** The flows of the account among `ids` that the caller may see (in one query). */
  findVisibleInAccount(actor: Principal, accountId: string, ids: string[]): Promise<FlowEntity[]> {
    return this.flows.findVisibleInAccount(actor, accountId, ids);
  }

  /** FlowInfos of the flows, with their account, customer and tags (one query each, however many flows). */
  async toInfos(flows: FlowEntity[], includeNodes: boolean): Promise<FlowInfo[]> {
    const distinct = (values: (string | null)[]) => [
      ...new Set(values.filter((v): v is string => v !== null)),
    ];
    const [accountNames, customers, tags] = await Promise.all([
      this.accounts.namesByIds(distinct(flows.map((f) => f.accountId))),
      this.customers.summaries(distinct(flows.map((f) => f.customerId))),
      this.tags.tagsByOwner(
        FlowTagEntity,
        'flowId',
        flows.map((f) => f.id),
      ),
    ]);
    return flows.map((f) => {
      const customer = f.customerId ? customers.get(f.customerId) : undefined;
      return mapFlow(f, {
        accountName: accountNames.get(f.accountId) ?? null,
        customerName: customer?.name ?? null,
        customerBreadcrumb: customer?.breadcrumb ?? [],
        tags: tags.get(f.id) ?? [],
        includeNodes,
      });
    });
  }
}
