import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Principal, tenantScope } from '../common/auth/principal';
import type { Page } from '../common/dto/list.dto';
import { jsonArrayContainsString, jsonArrayHasElementWith } from '../database/json-sql';
import { whereContains, whereHasAllTags, whereIn } from '../database/list-filters';
import { paginate } from '../database/paging';
import {
  applyTenantScope,
  customerFlows,
  escapeLike,
  idsInAccount,
  requireVisibleFlows,
} from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { FLOW_SORT_FIELDS, ListFlowsQuery } from './dto/flow.dto';
import { FlowEntity } from './entities/flow.entity';

/** The JSON graph columns defeat TypeORM's deep-partial typing; the values are complete. */
const asPartial = (flow: Partial<FlowEntity>) => flow as QueryDeepPartialEntity<FlowEntity>;

/**
 * The flows' SQL and who may see them (see `customerFlows`). Writes take the caller's transaction
 * (`manager`).
 */
@Injectable()
export class FlowRepository {
  constructor(
    @InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>,
    private readonly tx: TransactionRunner,
  ) {}

  async insert(manager: EntityManager, flows: FlowEntity[]): Promise<void> {
    if (flows.length) await manager.insert(FlowEntity, flows.map(asPartial));
  }

  async update(manager: EntityManager, id: string, changes: Partial<FlowEntity>): Promise<void> {
    await manager.update(FlowEntity, { id }, asPartial(changes));
  }

  /** Locks the flow's row until the transaction ends (see `TransactionRunner.lock`). */
  lock(manager: EntityManager, id: string): Promise<void> {
    return this.tx.lock(manager, FlowEntity, id);
  }

  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.delete(FlowEntity, { id: In(ids) });
  }

  /** The ids of every flow of the accounts (in the caller's transaction). */
  async idsOfAccounts(manager: EntityManager, accountIds: string[]): Promise<string[]> {
    const rows = await manager.find(FlowEntity, {
      select: { id: true },
      where: { accountId: In(accountIds) },
    });
    return rows.map((r) => r.id);
  }

  /** Which of `ids` are flows of the account, whoever asks (in the caller's transaction). */
  idsInAccount(manager: EntityManager, accountId: string, ids: string[]): Promise<Set<string>> {
    return idsInAccount(manager, 'flows', accountId, ids);
  }

  /** A page of the flows the caller may see, filtered as ListFlows asks. */
  page(actor: Principal, request: ListFlowsQuery): Promise<Page<FlowEntity>> {
    const query = this.scoped(actor);
    whereIn(query, 'f.accountId', request.accountIds);
    whereIn(query, 'f.customerId', request.customerIds);
    whereContains(query, 'f.name', request.nameFilter);
    whereHasAllTags(query, { table: 'flow_tags', ownerColumn: 'flowId' }, 'f.id', request.tagIds ?? []);
    if (request.role) query.andWhere(jsonArrayContainsString(query, 'f.roles', request.role));
    if (request.nodeTypeFilter)
      query.andWhere(jsonArrayHasElementWith(query, 'f.nodes', ['spec', 'typeName'], request.nodeTypeFilter));
    return paginate(query, request, {
      sortFields: FLOW_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'name',
      idColumn: 'f.id',
    });
  }

  /** The flow, if the caller may see it. */
  findVisible(actor: Principal, id: string): Promise<FlowEntity | null> {
    return this.scoped(actor).andWhere('f.id = :id', { id }).getOne();
  }

  /** The flows of the account among `ids` that the caller may see (in one query). */
  findVisibleInAccount(actor: Principal, accountId: string, ids: string[]): Promise<FlowEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.scoped(actor)
      .andWhere('f.accountId = :accountId AND f.id IN (:...ids)', { accountId, ids })
      .getMany();
  }

  /** The account's flows the caller may see, by name, with what a sub-flow node shows of them. */
  subflows(
    actor: Principal,
    accountId: string,
  ): Promise<Pick<FlowEntity, 'id' | 'name' | 'description' | 'parameters' | 'exits'>[]> {
    return this.scoped(actor)
      .select(['f.id', 'f.name', 'f.description', 'f.parameters', 'f.exits'])
      .andWhere('f.accountId = :accountId', { accountId })
      .orderBy('f.name', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  /**
   * A 400 naming the first reference (in the order given) that is not a flow of the account the caller
   * may see (see `requireVisibleFlows`).
   */
  requireVisible(
    actor: Principal,
    accountId: string,
    refs: { flowId: string; fieldName: string }[],
  ): Promise<void> {
    return requireVisibleFlows(this.flows.manager, tenantScope(actor), accountId, refs);
  }

  /**
   * The other flows of the flow's account whose graph mentions its id (a candidate list: the graph is
   * checked precisely by the caller), in the caller's transaction.
   */
  mentioning(manager: EntityManager, flow: Pick<FlowEntity, 'id' | 'accountId'>): Promise<FlowEntity[]> {
    return manager
      .createQueryBuilder(FlowEntity, 'f')
      .where('f.accountId = :accountId AND f.id <> :id', { accountId: flow.accountId, id: flow.id })
      .andWhere(
        new Brackets((q) =>
          q
            .where(`f.nodes LIKE :text ESCAPE '\\'`, { text: `%${escapeLike(flow.id)}%` })
            .orWhere(`f.parameters LIKE :text ESCAPE '\\'`),
        ),
      )
      .getMany();
  }

  /** The flows the caller may see (see `customerFlows`), confined in the SQL. */
  private scoped(actor: Principal): SelectQueryBuilder<FlowEntity> {
    const scope = tenantScope(actor);
    const query = this.flows.createQueryBuilder('f');
    applyTenantScope(query, { ...scope, customerPath: null }, { accountColumn: 'f.accountId' });
    const visible = customerFlows(scope, '"f"."customerId"');
    if (visible) query.andWhere(visible.sql, visible.params);
    return query;
  }
}
