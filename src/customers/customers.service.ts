import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { Principal, tenantScope } from '../common/auth/principal';
import { newAudited } from '../common/audit';
import type { CustomerBreadcrumb } from '../common/dto/entity-info.dto';
import { InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { applyTenantScope } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { CustomerInfo, NewCustomer } from './dto/customer.dto';
import { CustomerEntity } from './entities/customer.entity';
import { mapCustomer, pathIds } from './customer.mapper';

@Injectable()
export class CustomersService {
  constructor(
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
    private readonly accounts: AccountsService,
    private readonly tx: TransactionRunner,
  ) {}

  async create(actor: Principal, dto: NewCustomer): Promise<CustomerInfo> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    let parentPath = '';
    if (dto.parentCustomerId) {
      parentPath = (await this.findInAccount(actor, account.id, dto.parentCustomerId, 'parentCustomerId'))
        .path;
    } else if (tenantScope(actor).customerPath !== null) {
      throw new InvalidFieldError(
        'parentCustomerId',
        'NotEmpty',
        'parentCustomerId is required: customers may only create customers inside their own subtree',
      );
    }
    const audit = newAudited(actor);
    const customer = this.customers.create({
      ...audit,
      accountId: account.id,
      parentCustomerId: dto.parentCustomerId ?? null,
      name: dto.name,
      referenceId: dto.referenceId ?? null,
      data: dto.data ?? null,
      path: `${parentPath}${audit.id}/`,
    });
    await this.tx.run((m) => m.insert(CustomerEntity, customer));
    const breadcrumbs = await this.breadcrumbs([customer]);
    return mapCustomer(customer, account.name, breadcrumbs.get(customer.id) ?? []);
  }

  async list(actor: Principal, accountIds?: string[]): Promise<CustomerInfo[]> {
    const query = this.customers.createQueryBuilder('c').orderBy('c.name', 'ASC').take(1000);
    if (accountIds?.length) query.andWhere('c.accountId IN (:...accountIds)', { accountIds });
    applyTenantScope(query, tenantScope(actor), {
      accountColumn: 'c.accountId',
      customerPathColumn: 'c.path',
    });
    return this.toInfos(await query.getMany());
  }

  async get(actor: Principal, id: string): Promise<CustomerInfo> {
    const query = this.customers.createQueryBuilder('c').where('c.id = :id', { id });
    applyTenantScope(query, tenantScope(actor), {
      accountColumn: 'c.accountId',
      customerPathColumn: 'c.path',
    });
    const customer = await query.getOne();
    if (!customer) throw new NotFoundError(`Customer ${id} not found`);
    return (await this.toInfos([customer]))[0];
  }

  /**
   * A customer of the given account that the caller may see (for Customer-role callers: inside
   * their subtree). `fieldName` names the request field in the 400 when it is not.
   */
  async findInAccount(
    actor: Principal,
    accountId: string,
    customerId: string,
    fieldName: string,
  ): Promise<CustomerEntity> {
    const query = this.customers
      .createQueryBuilder('c')
      .where('c.id = :customerId', { customerId })
      .andWhere('c.accountId = :accountId', { accountId });
    applyTenantScope(query, tenantScope(actor), {
      accountColumn: 'c.accountId',
      customerPathColumn: 'c.path',
    });
    const customer = await query.getOne();
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
    const rows = await this.customers.find({ select: { id: true, name: true }, where: { id: In(ids) } });
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return new Map(
      customers.map((c) => [c.id, pathIds(c.path).map((id) => ({ id, name: names.get(id) ?? '' }))]),
    );
  }

  /** Customers by id with their breadcrumbs, for building EndpointInfo and the like. */
  async summaries(ids: string[]): Promise<Map<string, { name: string; breadcrumb: CustomerBreadcrumb[] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.customers.find({
      select: { id: true, name: true, path: true },
      where: { id: In(ids) },
    });
    const crumbs = await this.breadcrumbs(rows);
    return new Map(rows.map((c) => [c.id, { name: c.name, breadcrumb: crumbs.get(c.id) ?? [] }]));
  }

  private async toInfos(customers: CustomerEntity[]): Promise<CustomerInfo[]> {
    const [accountNames, crumbs] = await Promise.all([
      this.accounts.namesByIds([...new Set(customers.map((c) => c.accountId))]),
      this.breadcrumbs(customers),
    ]);
    return customers.map((c) =>
      mapCustomer(c, accountNames.get(c.accountId) ?? null, crumbs.get(c.id) ?? []),
    );
  }
}
