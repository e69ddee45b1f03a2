import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { allInOrder } from '../../common/all-in-order';
import { newAudited } from '../../common/audit';
import { Principal, tenantScope } from '../../common/auth/principal';
import type { RequestTrace } from '../../common/request-context/request-trace';
import { normalisePhoneNumber } from '../../common/validation/phone-number';
import { CustomersService } from '../../customers/customers.service';
import { FlowsService } from '../../flows/flows.service';
import { TagsService } from '../../tags/tags.service';
import { EndpointInfo } from '../dto/endpoint-info.dto';
import { EndpointTypes, UserModes } from '../../contract/endpoint.enums';
import { EndpointInfoReader } from '../endpoint-info.reader';
import { EndpointEntity } from '../entities/endpoint.entity';
import { BuyPhoneNumber } from './dto/buy-phone-number.dto';
import { PhoneNumberProvisioner } from './provisioning/phone-number-provisioner';

/** BuyPhoneNumber: checks the request and what it names, then has the number provisioned. */
@Injectable()
export class PhoneNumberBuyService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tags: TagsService,
    private readonly flows: FlowsService,
    private readonly provisioner: PhoneNumberProvisioner,
    private readonly infos: EndpointInfoReader,
  ) {}

  /** Validates everything first, then claims, buys and activates the number. */
  async buy(actor: Principal, dto: BuyPhoneNumber, trace: RequestTrace): Promise<EndpointInfo> {
    const phoneNumber = normalisePhoneNumber(dto.number, 'number');
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    // A Customer-role caller's numbers land in their own customer unless they name one of its descendants.
    const customerId =
      dto.customerId ??
      (tenantScope(actor).customerPath !== null ? (actor.customerId ?? undefined) : undefined);
    // The references are independent of each other: checked side by side.
    const [, tags] = await allInOrder([
      customerId && this.customers.findInAccount(actor, account.id, customerId, 'customerId'),
      this.tags.requireInAccount(account.id, dto.tagIds ?? [], 'tagIds'),
      this.flows.requireAllInAccount(
        actor,
        account.id,
        dto.flowId ? [{ flowId: dto.flowId, fieldName: 'flowId' }] : [],
      ),
    ]);

    const endpoint = Object.assign(new EndpointEntity(), {
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
      userMode: UserModes.SoftPhone,
      sipUserName: null,
      settings: null,
    } satisfies EndpointEntity);
    await this.provisioner.provision(
      account,
      endpoint,
      tags.map((t) => t.id),
      trace,
    );
    return (await this.infos.byIds([endpoint.id]))[0];
  }
}
