import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { Principal, tenantScope } from '../common/auth/principal';
import { newAudited } from '../common/audit';
import { normalisePhoneNumber } from '../common/validation/phone-number';
import { CustomersService } from '../customers/customers.service';
import { FlowsService } from '../flows/flows.service';
import type { Tag } from '../tags/dto/tag.dto';
import { TagEntity } from '../tags/entities/tag.entity';
import { TagsService } from '../tags/tags.service';
import { BuyPhoneNumber } from './dto/buy-phone-number.dto';
import { EndpointInfo } from './dto/endpoint-info.dto';
import { EndpointTypes } from './dto/endpoint.enums';
import { EndpointTagEntity } from './entities/endpoint-tag.entity';
import { EndpointEntity } from './entities/endpoint.entity';
import { mapEndpoint } from './endpoint.mapper';
import { PhoneNumberProvisioner } from './provisioning/phone-number-provisioner';

@Injectable()
export class EndpointsService {
  constructor(
    @InjectRepository(EndpointEntity) private readonly endpoints: Repository<EndpointEntity>,
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tags: TagsService,
    private readonly flows: FlowsService,
    private readonly provisioner: PhoneNumberProvisioner,
  ) {}

  /** BuyPhoneNumber: validates everything first, then claims, buys and activates the number. */
  async buyPhoneNumber(actor: Principal, dto: BuyPhoneNumber): Promise<EndpointInfo> {
    const phoneNumber = normalisePhoneNumber(dto.number, 'number');
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    // A Customer-role caller's numbers land in their own customer unless they name one of its descendants.
    const customerId =
      dto.customerId ??
      (tenantScope(actor).customerPath !== null ? (actor.customerId ?? undefined) : undefined);
    if (customerId) await this.customers.findInAccount(actor, account.id, customerId, 'customerId');
    const tags = await this.tags.requireInAccount(account.id, dto.tagIds ?? [], 'tagIds');
    if (dto.flowId) await this.flows.requireInAccount(account.id, dto.flowId, 'flowId');

    const endpoint = this.endpoints.create({
      ...newAudited(actor),
      accountId: account.id,
      customerId: customerId ?? null,
      type: dto.isFaxNumber ? EndpointTypes.FaxNumber : EndpointTypes.PhoneNumber,
      status: dto.isVirtualPhoneNumber ? 'active' : 'provisioning',
      displayName: phoneNumber,
      referenceId: null,
      phoneNumber,
      phoneNumberSid: null,
      isVirtualPhoneNumber: dto.isVirtualPhoneNumber ?? false,
      addressSid: dto.addressSid ?? null,
      flowId: dto.flowId ?? null,
      flowParams: dto.flowParams ?? null,
      data: dto.data ?? null,
      settings: null,
    });
    await this.provisioner.provision(
      account,
      endpoint,
      tags.map((t) => t.id),
    );
    return (await this.toInfos([endpoint]))[0];
  }

  /** Maps endpoints to EndpointInfo, looking up names, breadcrumbs and tags in a few batched queries. */
  async toInfos(endpoints: EndpointEntity[]): Promise<EndpointInfo[]> {
    const ids = endpoints.map((e) => e.id);
    const distinct = (values: (string | null)[]) => [
      ...new Set(values.filter((v): v is string => v !== null)),
    ];
    const [accountNames, customers, flowNames, tagsByEndpoint] = await Promise.all([
      this.accounts.namesByIds(distinct(endpoints.map((e) => e.accountId))),
      this.customers.summaries(distinct(endpoints.map((e) => e.customerId))),
      this.flows.namesByIds(distinct(endpoints.map((e) => e.flowId))),
      this.tagsOf(ids),
    ]);
    return endpoints.map((e) => {
      const customer = e.customerId ? customers.get(e.customerId) : undefined;
      return mapEndpoint(e, {
        accountName: accountNames.get(e.accountId) ?? null,
        customerName: customer?.name ?? null,
        customerBreadcrumb: customer?.breadcrumb ?? [],
        flowName: e.flowId ? (flowNames.get(e.flowId) ?? null) : null,
        tags: tagsByEndpoint.get(e.id) ?? [],
      });
    });
  }

  private async tagsOf(endpointIds: string[]): Promise<Map<string, Tag[]>> {
    const result = new Map<string, Tag[]>();
    if (endpointIds.length === 0) return result;
    const rows = await this.endpoints.manager
      .createQueryBuilder(EndpointTagEntity, 'et')
      .innerJoin(TagEntity, 't', 't.id = et.tagId')
      .select(['et.endpointId AS "endpointId"', 't.id AS "id"', 't.name AS "name"', 't.color AS "color"'])
      .where({ endpointId: In(endpointIds) })
      .orderBy('t.name', 'ASC')
      .getRawMany<Tag & { endpointId: string }>();
    for (const { endpointId, ...tag } of rows)
      result.set(endpointId, [...(result.get(endpointId) ?? []), tag]);
    return result;
  }
}
