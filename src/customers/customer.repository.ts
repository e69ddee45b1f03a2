import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { Principal, tenantScope } from '../common/auth/principal';
import type { Page } from '../common/dto/list.dto';
import { whereContains, whereHasAllTags, whereIn, whereInCustomerSubtrees } from '../database/list-filters';
import { paginate } from '../database/paging';
import { selectEntities, sqlQuery } from '../database/sql';
import {
  applyTenantScope,
  escapeLike,
  idsInAccount,
  requireVisibleFlows,
  tenantScopeConditions,
} from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { CUSTOMER_SORT_FIELDS, ListCustomersQuery } from './dto/customer.dto';
import type { Schedule } from '../contract/schedule.dto';
import { CustomerEntity } from './entities/customer.entity';

/**
 * The customers' SQL: their rows, their materialised paths and the locks that keep those consistent,
 * and who may see them (a Customer-role caller: its subtree). Writes take the caller's transaction
 * (`manager`).
 */
@Injectable()
export class CustomerRepository {
  constructor(
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
    private readonly tx: TransactionRunner,
  ) {}

  async insert(manager: EntityManager, customer: CustomerEntity): Promise<void> {
    await manager.insert(CustomerEntity, customer);
  }

  async update(manager: EntityManager, id: string, changes: Partial<CustomerEntity>): Promise<void> {
    await manager.update(CustomerEntity, { id }, changes);
  }

  /**
   * Every write that reads or rewrites customer paths (create under a parent, move, delete) holds the
   * account's tree lock until it commits, so none of them reads a path another is about to change.
   */
  lockTree(manager: EntityManager, accountId: string): Promise<void> {
    return this.tx.lockName(manager, `customer-tree:${accountId}`);
  }

  /** The customer, its row locked until the transaction ends; null when it is gone. */
  lockForUpdate(manager: EntityManager, id: string): Promise<CustomerEntity | null> {
    return this.tx.lockForUpdate(manager, CustomerEntity, id);
  }

  /**
   * The ids of the subtree under `path` (the customer first among them), its rows locked: a write
   * naming one of them (an endpoint moved into it) waits, then meets the foreign key.
   */
  async lockSubtree(manager: EntityManager, path: string): Promise<string[]> {
    const query = manager
      .createQueryBuilder(CustomerEntity, 'c')
      .select(['c.id'])
      .where("c.path LIKE :prefix ESCAPE '\\'", { prefix: `${escapeLike(path)}%` });
    if (this.tx.isPostgres) query.setLock('pessimistic_write');
    return (await query.getMany()).map((c) => c.id);
  }

  /** The depth of the deepest customer in the subtree under `path` (in the caller's transaction). */
  async deepestUnder(manager: EntityManager, path: string): Promise<number> {
    const [{ deepest }] = await sqlQuery<{ deepest: number | string }>(
      manager,
      `SELECT MAX(LENGTH("path") - LENGTH(REPLACE("path", '/', ''))) AS "deepest" FROM "customers" ` +
        `WHERE "path" LIKE :prefix ESCAPE '\\'`,
      { prefix: `${escapeLike(path)}%` },
    );
    return Number(deepest);
  }

  /** Rewrites the materialised paths of a subtree that moved, in the caller's transaction. */
  async repath(manager: EntityManager, oldPrefix: string, newPrefix: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(CustomerEntity)
      .set({ path: () => `CAST(:newPrefix AS varchar) || SUBSTR(path, :keepFrom)` })
      .where("path LIKE :oldPrefix ESCAPE '\\'", { oldPrefix: `${escapeLike(oldPrefix)}%` })
      .setParameters({ newPrefix, keepFrom: oldPrefix.length + 1 })
      .execute();
  }

  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.delete(CustomerEntity, { id: In(ids) });
  }

  /** The ids of every customer of the accounts (in the caller's transaction). */
  async idsOfAccounts(manager: EntityManager, accountIds: string[]): Promise<string[]> {
    const rows = await manager.find(CustomerEntity, {
      select: { id: true },
      where: { accountId: In(accountIds) },
    });
    return rows.map((r) => r.id);
  }

  async deleteOfAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    await manager.delete(CustomerEntity, { accountId: In(accountIds) });
  }

  /** Which of `ids` are customers of the account, whoever asks (in the caller's transaction). */
  idsInAccount(manager: EntityManager, accountId: string, ids: string[]): Promise<Set<string>> {
    return idsInAccount(manager, 'customers', accountId, ids);
  }

  /** A page of the customers the caller may see, filtered as ListCustomers asks. */
  page(actor: Principal, request: ListCustomersQuery): Promise<Page<CustomerEntity>> {
    const query = this.scoped(actor);
    whereIn(query, 'c.accountId', request.accountIds);
    whereContains(query, 'c.name', request.nameFilter);
    if (request.parentCustomerIds?.length) {
      if (request.shallowParent) whereIn(query, 'c.parentCustomerId', request.parentCustomerIds);
      else
        whereInCustomerSubtrees(query, 'c.id', request.parentCustomerIds, false).andWhere(
          'c.id NOT IN (:...parentCustomerIds)',
          { parentCustomerIds: request.parentCustomerIds },
        );
    }
    whereHasAllTags(
      query,
      { table: 'customer_tags', ownerColumn: 'customerId' },
      'c.id',
      request.tagIds ?? [],
    );
    return paginate(query, request, {
      sortFields: CUSTOMER_SORT_FIELDS,
      nullableSortFields: ['referenceId'],
      defaultSortField: 'name',
      idColumn: 'c.id',
    });
  }

  /** The customer's materialised path, whoever asks; null when it is gone. */
  async pathOf(id: string): Promise<string | null> {
    return (await this.customers.findOneBy({ id }))?.path ?? null;
  }

  /** The customer, if the caller may see it. */
  findVisible(actor: Principal, id: string): Promise<CustomerEntity | null> {
    return this.scoped(actor).andWhere('c.id = :id', { id }).getOne();
  }

  /**
   * The customer of the account, if the caller may see it (plain SQL: endpoint writes name customers),
   * in the caller's transaction when given its manager.
   */
  async findInAccount(
    actor: Principal,
    accountId: string,
    customerId: string,
    manager: EntityManager = this.customers.manager,
  ): Promise<CustomerEntity | null> {
    const scope = tenantScopeConditions(tenantScope(actor), {
      accountColumn: '"c"."accountId"',
      customerPathColumn: '"c"."path"',
    });
    const [customer] = await selectEntities(
      manager,
      CustomerEntity,
      'c',
      ['"c"."id" = :customerId', '"c"."accountId" = :accountId', ...scope.conditions],
      { ...scope.params, customerId, accountId },
    );
    return customer ?? null;
  }

  /** The names of the customers, by id (plain SQL: every EndpointInfo carries breadcrumbs). */
  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await sqlQuery<{ id: string; name: string }>(
      this.customers.manager,
      'SELECT "id", "name" FROM "customers" WHERE "id" IN (:...ids)',
      { ids },
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The names and schedules of some customers of the account. */
  async schedules(
    accountId: string,
    ids: readonly string[],
  ): Promise<Map<string, Pick<CustomerEntity, 'id' | 'name' | 'schedule'>>> {
    if (ids.length === 0) return new Map();
    // Plain SQL: every schedule evaluation (a test, a flowState list, a call) reads it.
    const rows = await sqlQuery<{ id: string; name: string; schedule: string | null }>(
      this.customers.manager,
      'SELECT "id", "name", "schedule" FROM "customers" WHERE "id" IN (:...ids) AND "accountId" = :accountId',
      { ids: [...new Set(ids)], accountId },
    );
    return new Map(
      rows.map((c) => [
        c.id,
        {
          id: c.id,
          name: c.name,
          schedule: c.schedule === null ? null : (JSON.parse(c.schedule) as Schedule),
        },
      ]),
    );
  }

  /** The customers' names and paths. */
  summaries(ids: string[]): Promise<Pick<CustomerEntity, 'id' | 'name' | 'path'>[]> {
    return this.customers.find({ select: { id: true, name: true, path: true }, where: { id: In(ids) } });
  }

  /**
   * A 400 naming the first reference that is not a flow of the account the caller may see: flows sit
   * above customers (a flow may belong to one), so a schedule's flows are checked through the shared
   * scope rule (`requireVisibleFlows`) rather than the flows module.
   */
  requireVisibleFlows(
    actor: Principal,
    accountId: string,
    refs: { flowId: string; fieldName: string }[],
  ): Promise<void> {
    return requireVisibleFlows(this.customers.manager, tenantScope(actor), accountId, refs);
  }

  private scoped(actor: Principal): SelectQueryBuilder<CustomerEntity> {
    return applyTenantScope(this.customers.createQueryBuilder('c'), tenantScope(actor), {
      accountColumn: 'c.accountId',
      customerPathColumn: 'c.path',
    });
  }
}
