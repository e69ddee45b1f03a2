import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { Principal, tenantScope } from '../common/auth/principal';
import { PrincipalCache } from '../common/auth/principal-cache';
import { newAudited, touched } from '../common/audit';
import type { CustomerBreadcrumb } from '../contract/entity-info.dto';
import { ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { DeletionHooks } from '../database/deletion-hooks';
import { TransactionRunner } from '../database/transaction-runner';
import { TagsService } from '../tags/tags.service';
import { CustomerInfo, ListCustomersQuery, NewCustomer, PatchCustomer } from './dto/customer.dto';
import { CustomerTagEntity } from './entities/customer-tag.entity';
import { CustomerEntity } from './entities/customer.entity';
import { mapCustomer, pathIds } from './customer.mapper';
import { CustomerRepository } from './customer.repository';
import { MAX_CUSTOMER_DEPTH, pathDepth } from './customer-tree';

/** A 400 naming parentCustomerId when a customer would sit deeper than MAX_CUSTOMER_DEPTH. */
function requireDepth(depth: number): void {
  if (depth > MAX_CUSTOMER_DEPTH)
    throw new InvalidFieldError(
      'parentCustomerId',
      'TooDeep',
      `parentCustomerId: customers nest at most ${MAX_CUSTOMER_DEPTH} deep; this would put one at depth ${depth}`,
    );
}

@Injectable()
export class CustomersService {
  /**
   * What deleting customers means for what refers to them (`endpoints/on-customers-deleting.ts`; a
   * flow's customer is let go by its foreign key).
   */
  readonly deletionHooks = new DeletionHooks();

  constructor(
    private readonly customers: CustomerRepository,
    private readonly accounts: AccountsService,
    private readonly tags: TagsService,
    private readonly tx: TransactionRunner,
    private readonly principals: PrincipalCache,
  ) {}

  /**
   * NewCustomer. The parent's path is read under the account's tree lock (see
   * `CustomerRepository.lockTree`), so a customer created while its parent's subtree moves gets the
   * moved path.
   */
  async create(actor: Principal, dto: NewCustomer): Promise<CustomerInfo> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    if (!dto.parentCustomerId && tenantScope(actor).customerPath !== null) {
      throw new InvalidFieldError(
        'parentCustomerId',
        'NotEmpty',
        'parentCustomerId is required: customers may only create customers inside their own subtree',
      );
    }
    const audit = newAudited(actor);
    const customer = await this.tx.run(async (m) => {
      await this.customers.lockTree(m, account.id);
      let parentPath = '';
      if (dto.parentCustomerId) {
        parentPath = (
          await this.findInAccount(actor, account.id, dto.parentCustomerId, 'parentCustomerId', m)
        ).path;
        requireDepth(pathDepth(parentPath) + 1);
      }
      const created: CustomerEntity = {
        ...audit,
        accountId: account.id,
        parentCustomerId: dto.parentCustomerId ?? null,
        name: dto.name,
        referenceId: dto.referenceId ?? null,
        data: dto.data ?? null,
        schedule: null,
        path: `${parentPath}${audit.id}/`,
      };
      await this.customers.insert(m, created);
      return created;
    });
    return (await this.toInfos([customer]))[0];
  }

  async list(actor: Principal, request: ListCustomersQuery): Promise<ListResponse<CustomerInfo>> {
    return mapPage(await this.customers.page(actor, request), (rows) => this.toInfos(rows));
  }

  async get(actor: Principal, id: string): Promise<CustomerInfo> {
    return (await this.toInfos([await this.findVisible(actor, id)]))[0];
  }

  /**
   * PatchCustomer. A move (`parentCustomerId`) reads the customer and its new parent under the
   * account's tree lock, so two moves never see each other's old paths: no interleaving makes a
   * cycle or leaves a stale path.
   */
  async patch(actor: Principal, id: string, dto: PatchCustomer): Promise<CustomerInfo> {
    const customer = await this.findVisible(actor, id);
    if (dto.tagIds) await this.tags.requireInAccount(customer.accountId, dto.tagIds, 'tagIds');
    // The flows the schedule's rules pick: the account's, and for a Customer-role caller, ones it may see.
    const ruleFlows = (dto.schedule?.rules ?? []).flatMap((rule, i) =>
      rule.flowId ? [{ flowId: rule.flowId, fieldName: `schedule.rules[${i}].flowId` }] : [],
    );
    await this.customers.requireVisibleFlows(actor, customer.accountId, ruleFlows);
    const moves = dto.parentCustomerId !== undefined;
    if (dto.parentCustomerId === null && tenantScope(actor).customerPath !== null)
      throw new InvalidFieldError(
        'parentCustomerId',
        'NotAllowed',
        'parentCustomerId: customers may only move customers inside their own subtree',
      );

    await this.tx.run(async (m) => {
      if (moves) await this.customers.lockTree(m, customer.accountId);
      const current = await this.customers.lockForUpdate(m, id);
      if (!current) throw new NotFoundError(`Customer ${id} not found`);
      const changes: Partial<CustomerEntity> = { ...touched(actor) };
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.referenceId !== undefined) changes.referenceId = dto.referenceId;
      if (dto.data !== undefined) changes.data = dto.data;
      if (dto.schedule !== undefined) changes.schedule = dto.schedule;
      if (moves) {
        const newParentPath = dto.parentCustomerId
          ? await this.newParentPath(m, actor, current, dto.parentCustomerId)
          : '';
        changes.parentCustomerId = dto.parentCustomerId ?? null;
        await this.customers.repath(m, current.path, `${newParentPath}${id}/`);
      }
      await this.customers.update(m, id, changes);
      if (dto.tagIds) await this.tags.replaceLinks(m, CustomerTagEntity, 'customerId', id, dto.tagIds);
    });
    // Customer-role principals carry their customer's path.
    if (moves) this.principals.invalidate();
    return this.get(actor, id);
  }

  /**
   * The path of the parent `customer` moves under (read in the move's transaction): a customer of its
   * account the caller may see, outside the moved subtree, with room below it for the whole subtree.
   */
  private async newParentPath(
    m: EntityManager,
    actor: Principal,
    customer: CustomerEntity,
    parentCustomerId: string,
  ): Promise<string> {
    const parent = await this.findInAccount(
      actor,
      customer.accountId,
      parentCustomerId,
      'parentCustomerId',
      m,
    );
    if (parent.path.startsWith(customer.path))
      throw new InvalidFieldError(
        'parentCustomerId',
        'Cycle',
        'parentCustomerId: a customer cannot be moved under itself or one of its descendants',
      );
    const deepest = await this.customers.deepestUnder(m, customer.path);
    const subtreeHeight = deepest - pathDepth(customer.path) + 1;
    requireDepth(pathDepth(parent.path) + subtreeHeight);
    return parent.path;
  }

  /**
   * Deletes a customer. Refused (409) while it has child customers, or endpoints (checked by the
   * endpoints module's hook), unless `cascade`: then its whole subtree goes, and the endpoints move
   * to the account. The subtree's rows are locked first, so a concurrent write naming one of them (a
   * child customer, an endpoint moving in) either commits before the checks see it, or waits and is
   * refused by the foreign key (a 409).
   */
  async delete(actor: Principal, id: string, cascade: boolean): Promise<void> {
    const customer = await this.findVisible(actor, id);
    await this.tx.run(async (m) => {
      await this.customers.lockTree(m, customer.accountId);
      // Its path as of the lock: a move committed since findVisible has rewritten it.
      const current = await this.customers.lockForUpdate(m, id);
      if (!current) throw new NotFoundError(`Customer ${id} not found`);
      const ids = await this.customers.lockSubtree(m, current.path);
      const children = ids.length - 1;
      if (children > 0 && !cascade)
        throw new ConflictError(
          'CustomerHasChildren',
          `The customer has ${children} descendant customer(s); delete them first or pass cascade=true`,
        );
      await this.deletionHooks.run(m, ids, { force: cascade });
      await this.customers.delete(m, ids);
    });
    this.principals.invalidate();
  }

  /** Deletes every customer of the accounts (when the accounts themselves are deleted). */
  async deleteForAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    const ids = await this.customers.idsOfAccounts(manager, accountIds);
    await this.deletionHooks.run(manager, ids, { force: true });
    await this.customers.deleteOfAccounts(manager, accountIds);
  }

  /**
   * A customer of the given account that the caller may see (for Customer-role callers: inside
   * their subtree). `fieldName` names the request field in the 400 when it is not. Read in the
   * caller's transaction when given its manager.
   */
  async findInAccount(
    actor: Principal,
    accountId: string,
    customerId: string,
    fieldName: string,
    manager?: EntityManager,
  ): Promise<CustomerEntity> {
    const customer = await this.customers.findInAccount(actor, accountId, customerId, manager);
    if (!customer) {
      throw new InvalidFieldError(
        fieldName,
        'NotFound',
        `${fieldName}: no such customer in account ${accountId}`,
      );
    }
    return customer;
  }

  /** Breadcrumbs (root to leaf) for several customers, in one query. */
  async breadcrumbs(
    customers: Pick<CustomerEntity, 'id' | 'path'>[],
  ): Promise<Map<string, CustomerBreadcrumb[]>> {
    const ids = [...new Set(customers.flatMap((c) => pathIds(c.path)))];
    if (ids.length === 0) return new Map();
    const names = await this.customers.namesByIds(ids);
    return new Map(
      customers.map((c) => [c.id, pathIds(c.path).map((id) => ({ id, name: names.get(id) ?? '' }))]),
    );
  }

  /**
   * The names and schedules of some customers of an account, for schedule inheritance. Not scoped to
   * the caller: a customer inherits from ancestors above a Customer-role caller's own customer, whose
   * names its breadcrumb already shows.
   */
  schedules(
    accountId: string,
    ids: readonly string[],
  ): Promise<Map<string, Pick<CustomerEntity, 'id' | 'name' | 'schedule'>>> {
    return this.customers.schedules(accountId, ids);
  }

  /** The customer's materialised path (what a Customer-role principal is confined to); null when it is gone. */
  pathOf(customerId: string): Promise<string | null> {
    return this.customers.pathOf(customerId);
  }

  /** Which of `ids` are customers of the account (in the caller's transaction, if any). */
  idsInAccount(manager: EntityManager, accountId: string, ids: string[]): Promise<Set<string>> {
    return this.customers.idsInAccount(manager, accountId, ids);
  }

  /** Customers by id with their breadcrumbs, for building EndpointInfo and the like. */
  async summaries(ids: string[]): Promise<Map<string, { name: string; breadcrumb: CustomerBreadcrumb[] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.customers.summaries(ids);
    const crumbs = await this.breadcrumbs(rows);
    return new Map(rows.map((c) => [c.id, { name: c.name, breadcrumb: crumbs.get(c.id) ?? [] }]));
  }

  private async findVisible(actor: Principal, id: string): Promise<CustomerEntity> {
    const customer = await this.customers.findVisible(actor, id);
    if (!customer) throw new NotFoundError(`Customer ${id} not found`);
    return customer;
  }

  private async toInfos(customers: CustomerEntity[]): Promise<CustomerInfo[]> {
    const [accountNames, crumbs, tags] = await Promise.all([
      this.accounts.namesByIds([...new Set(customers.map((c) => c.accountId))]),
      this.breadcrumbs(customers),
      this.tags.tagsByOwner(
        CustomerTagEntity,
        'customerId',
        customers.map((c) => c.id),
      ),
    ]);
    return customers.map((c) =>
      mapCustomer(c, {
        accountName: accountNames.get(c.accountId) ?? null,
        breadcrumb: crumbs.get(c.id) ?? [],
        tags: tags.get(c.id) ?? [],
      }),
    );
  }
}
