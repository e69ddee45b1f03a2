import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Principal, tenantScope } from '../common/auth/principal';
import type { ListRequest, Page } from '../common/dto/list.dto';
import { paginate } from '../database/paging';
import { selectEntities } from '../database/sql';
import { applyTenantScope, tenantScopeConditions } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { ACCOUNT_SORT_FIELDS } from './dto/account.dto';
import { AccountEntity, type AccountTestClock } from './entities/account.entity';

/**
 * The accounts' SQL and who may see them (a caller: the accounts it belongs to; a SystemAdministrator:
 * all). Writes take the caller's transaction (`manager`).
 */
@Injectable()
export class AccountRepository {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly tx: TransactionRunner,
  ) {}

  /** The account, whoever asks. */
  findById(id: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ id });
  }

  async insert(manager: EntityManager, account: AccountEntity): Promise<void> {
    await manager.insert(AccountEntity, account);
  }

  async save(manager: EntityManager, account: AccountEntity): Promise<void> {
    await manager.save(AccountEntity, account);
  }

  /** The account, its row locked until the transaction ends; null when it is gone. */
  lockForUpdate(manager: EntityManager, id: string): Promise<AccountEntity | null> {
    return this.tx.lockForUpdate(manager, AccountEntity, id);
  }

  countChildren(manager: EntityManager, id: string): Promise<number> {
    return manager.count(AccountEntity, { where: { parentAccountId: id } });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(AccountEntity, { id });
  }

  /** A page of the accounts the caller may see. */
  page(actor: Principal, request: ListRequest): Promise<Page<AccountEntity>> {
    const query = this.accounts.createQueryBuilder('a');
    applyTenantScope(query, { ...tenantScope(actor), customerPath: null }, { accountColumn: 'a.id' });
    return paginate(query, request, {
      sortFields: ACCOUNT_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'name',
      idColumn: 'a.id',
    });
  }

  /** The account, if the caller may see it (plain SQL: most requests resolve their account). */
  async findVisible(actor: Principal, id: string): Promise<AccountEntity | null> {
    const scope = tenantScopeConditions(
      { ...tenantScope(actor), customerPath: null },
      { accountColumn: '"a"."id"' },
    );
    const [account] = await selectEntities(
      this.accounts.manager,
      AccountEntity,
      'a',
      ['"a"."id" = :id', ...scope.conditions],
      { ...scope.params, id },
    );
    return account ?? null;
  }

  async update(manager: EntityManager, id: string, changes: Partial<AccountEntity>): Promise<void> {
    await manager.update(AccountEntity, { id }, changes);
  }

  async testClock(id: string): Promise<AccountTestClock | null> {
    const account = await this.accounts.findOne({ select: { id: true, testClock: true }, where: { id } });
    return account?.testClock ?? null;
  }

  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.accounts.find({ select: { id: true, name: true }, where: { id: In(ids) } });
    return new Map(rows.map((a) => [a.id, a.name]));
  }
}
