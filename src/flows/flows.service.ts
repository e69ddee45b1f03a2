import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AccountsService } from '../accounts/accounts.service';
import { Principal, tenantScope } from '../common/auth/principal';
import { newAudited } from '../common/audit';
import { InvalidFieldError } from '../common/errors/domain-errors';
import { CustomersService } from '../customers/customers.service';
import { applyTenantScope } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { FlowInfo, FlowRoles, NewFlow } from './dto/flow.dto';
import { FlowEntity } from './entities/flow.entity';
import { mapFlow } from './flow.mapper';

@Injectable()
export class FlowsService {
  constructor(
    @InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>,
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tx: TransactionRunner,
  ) {}

  async create(actor: Principal, dto: NewFlow): Promise<FlowInfo> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    if (dto.customerId) await this.customers.findInAccount(actor, account.id, dto.customerId, 'customerId');
    const flow = this.flows.create({
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
    });
    // The JSON graph columns defeat TypeORM's deep-partial typing; the entity itself is complete.
    await this.tx.run((m) => m.insert(FlowEntity, flow as QueryDeepPartialEntity<FlowEntity>));
    return mapFlow(flow, account.name);
  }

  async list(actor: Principal, accountIds?: string[]): Promise<FlowInfo[]> {
    const query = this.flows.createQueryBuilder('f').orderBy('f.name', 'ASC').take(1000);
    if (accountIds?.length) query.andWhere('f.accountId IN (:...accountIds)', { accountIds });
    applyTenantScope(query, { ...tenantScope(actor), customerPath: null }, { accountColumn: 'f.accountId' });
    const flows = await query.getMany();
    const names = await this.accounts.namesByIds([...new Set(flows.map((f) => f.accountId))]);
    return flows.map((f) => mapFlow(f, names.get(f.accountId) ?? null));
  }

  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.flows.find({ select: { id: true, name: true }, where: { id: In(ids) } });
    return new Map(rows.map((f) => [f.id, f.name]));
  }

  /** A flow of the account, else a 400 naming `fieldName`. */
  async requireInAccount(accountId: string, flowId: string, fieldName: string): Promise<FlowEntity> {
    const flow = await this.flows.findOneBy({ id: flowId, accountId });
    if (!flow)
      throw new InvalidFieldError(fieldName, 'NotFound', `${fieldName}: no such flow in the account`);
    return flow;
  }
}
