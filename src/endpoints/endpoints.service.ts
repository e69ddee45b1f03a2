import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { allInOrder } from '../common/all-in-order';
import { Principal, tenantScope } from '../common/auth/principal';
import { newAudited, touched } from '../common/audit';
import { ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { normalisePhoneNumber } from '../common/validation/phone-number';
import type { RequestTrace } from '../common/request-context/request-trace';
import { CustomerEntity } from '../customers/entities/customer.entity';
import { pathIds } from '../customers/customer.mapper';
import { CustomersService } from '../customers/customers.service';
import { whereContains, whereHasAllTags, whereIn, whereInCustomerSubtrees } from '../database/list-filters';
import { paginateIds } from '../database/paging';
import { applyTenantScope } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { FlowsService } from '../flows/flows.service';
import { ScheduleResolver } from '../schedules/schedule-resolver';
import { TagsService } from '../tags/tags.service';
import { TelephonyProviderResolver } from '../telephony/telephony-provider.resolver';
import type { UpdateNumberRequest } from '../telephony/telephony.provider';
import { BuyPhoneNumber } from './dto/buy-phone-number.dto';
import { OutboxService } from '../events/outbox.service';
import { recordEndpointEvent } from './endpoint-events';
import { EndpointInfo } from './dto/endpoint-info.dto';
import { EndpointTypes, UserModes } from './dto/endpoint.enums';
import {
  ENDPOINT_SORT_FIELDS,
  EndpointFlowStates,
  FLOW_STATE_MAX_CANDIDATES,
  ListEndpointsQuery,
} from './dto/list-endpoints.dto';
import { PatchEndpoint } from './dto/patch-endpoint.dto';
import { EndpointTagEntity } from './entities/endpoint-tag.entity';
import { EndpointEntity } from './entities/endpoint.entity';
import { whereDataMatches, whereFlowParamsContain } from './endpoint-filters';
import type { EndpointSettings } from './endpoint-settings';
import { EndpointInfoReader } from './endpoint-info.reader';
import { PhoneNumberProvisioner } from './provisioning/phone-number-provisioner';

/** PatchEndpoint fields stored in the `settings` JSON. */
const PATCHABLE_SETTINGS = [
  'flowSchedule',
  'schedule',
  'scheduledFlows',
  'disableSms',
  'useExternal10DlcCampaign',
  'enableCallerIdLookup',
  'callerIdName',
  'enableEmergencyCalling',
  'emergencyAddressSid',
  'emergencyPhoneNumberId',
  'extraInformation',
] as const satisfies readonly (keyof PatchEndpoint & keyof EndpointSettings)[];

/** PatchEndpoint fields with a column of their own. */
const PATCHABLE_COLUMNS = [
  'displayName',
  'referenceId',
  'customerId',
  'data',
  'flowId',
  'flowParams',
  'addressSid',
  'userMode',
  'sipUserName',
] as const satisfies readonly (keyof PatchEndpoint & keyof EndpointEntity)[];

/** `flowState`'s values from before schedules were evaluated, and the `hasFlow` each means. */
const LEGACY_FLOW_STATES = new Map<string | undefined, boolean>([
  [EndpointFlowStates.HasFlow, true],
  [EndpointFlowStates.NoFlow, false],
]);

/** A number bought at the provider (not virtual, purchase completed) that the service manages there. */
const isBought = (e: EndpointEntity): e is EndpointEntity & { phoneNumberSid: string } =>
  !e.isVirtualPhoneNumber && e.phoneNumberSid !== null;

@Injectable()
export class EndpointsService {
  constructor(
    @InjectRepository(EndpointEntity) private readonly endpoints: Repository<EndpointEntity>,
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tags: TagsService,
    private readonly flows: FlowsService,
    private readonly provisioner: PhoneNumberProvisioner,
    private readonly providers: TelephonyProviderResolver,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly infos: EndpointInfoReader,
    private readonly schedules: ScheduleResolver,
  ) {}

  /** BuyPhoneNumber: validates everything first, then claims, buys and activates the number. */
  async buyPhoneNumber(actor: Principal, dto: BuyPhoneNumber, trace: RequestTrace): Promise<EndpointInfo> {
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
      userMode: UserModes.SoftPhone,
      sipUserName: null,
      settings: null,
    });
    await this.provisioner.provision(
      account,
      endpoint,
      tags.map((t) => t.id),
      trace,
    );
    return (await this.infos.byIds([endpoint.id]))[0];
  }

  /** ListEndpoints: every filter and the scope are conditions of one SQL query. */
  async list(actor: Principal, request: ListEndpointsQuery): Promise<ListResponse<EndpointInfo>> {
    const query = this.scoped(actor);
    whereIn(query, 'e.accountId', request.accountIds);
    whereInCustomerSubtrees(query, 'e.customerId', request.customerIds, request.shallowParent ?? false);
    whereIn(query, 'e.referenceId', request.referenceIds);
    whereIn(query, 'e.flowId', request.flowIds);
    const hasFlow = request.hasFlow ?? LEGACY_FLOW_STATES.get(request.flowState);
    if (hasFlow !== undefined) query.andWhere(hasFlow ? 'e.flowId IS NOT NULL' : 'e.flowId IS NULL');
    whereHasAllTags(
      query,
      { table: 'endpoint_tags', ownerColumn: 'endpointId' },
      'e.id',
      request.tagIds ?? [],
    );
    whereContains(query, 'e.displayName', request.nameFilter);
    whereContains(query, 'e.phoneNumber', request.phoneNumberFilter);
    if (request.type) query.andWhere('e.type = :type', { type: request.type });
    whereIn(query, 'e.type', request.types);
    if (request.userMode) query.andWhere('e.userMode = :userMode', { userMode: request.userMode });
    if (request.sipUserName)
      query.andWhere('e.sipUserName = :sipUserName', { sipUserName: request.sipUserName });
    whereDataMatches(query, 'e.data', request.dataFilters);
    whereFlowParamsContain(query, 'e.flowParams', request.flowParametersFilter);
    if (request.flowState && !LEGACY_FLOW_STATES.has(request.flowState))
      await this.whereInScheduleState(query, request.flowState);
    const page = await paginateIds(query, request, {
      sortFields: ENDPOINT_SORT_FIELDS,
      nullableSortFields: ['phoneNumber', 'referenceId'],
      defaultSortField: 'displayName',
      idColumn: 'e.id',
    });
    return mapPage(page, (ids) => this.infos.byIds(ids));
  }

  async get(actor: Principal, id: string): Promise<EndpointInfo> {
    const info = await this.infos.findVisible(actor, id);
    if (!info) throw new NotFoundError(`Endpoint ${id} not found`);
    return info;
  }

  /**
   * PatchEndpoint. References are checked first; then, in one transaction, the row is updated and
   * the changes the provider must know are pushed to it before the commit: if the push fails, the
   * transaction rolls back and the stored endpoint is unchanged.
   */
  async patch(actor: Principal, id: string, dto: PatchEndpoint): Promise<EndpointInfo> {
    const endpoint = await this.findVisible(actor, id);
    const account = await this.accounts.findVisible(actor, endpoint.accountId);
    await this.checkReferences(actor, endpoint.accountId, dto);

    const changes: Partial<EndpointEntity> = { ...touched(actor) };
    for (const key of PATCHABLE_COLUMNS)
      if (dto[key] !== undefined) Object.assign(changes, { [key]: dto[key] });
    const settingsChanges = Object.fromEntries(
      PATCHABLE_SETTINGS.filter((key) => dto[key] !== undefined).map((key) => [key, dto[key]]),
    );
    if (Object.keys(settingsChanges).length)
      changes.settings = { ...(endpoint.settings ?? {}), ...settingsChanges };

    const push: UpdateNumberRequest = {};
    if (dto.displayName !== undefined) push.friendlyName = dto.displayName;
    if (dto.addressSid !== undefined) push.addressSid = dto.addressSid;
    if (dto.emergencyAddressSid !== undefined) push.emergencyAddressSid = dto.emergencyAddressSid;
    if (dto.enableEmergencyCalling !== undefined) push.emergencyCallingEnabled = dto.enableEmergencyCalling;

    await this.tx.run(async (m) => {
      const current = await this.tx.lockForUpdate(m, EndpointEntity, id);
      if (!current) throw new NotFoundError(`Endpoint ${id} not found`);
      await m.update(EndpointEntity, { id }, changes);
      if (dto.tagIds) {
        await m.delete(EndpointTagEntity, { endpointId: id });
        const tagIds = [...new Set(dto.tagIds)];
        if (tagIds.length)
          await m.insert(
            EndpointTagEntity,
            tagIds.map((tagId) => ({ endpointId: id, tagId })),
          );
      }
      const changed = Object.keys(dto).filter((key) => dto[key as keyof PatchEndpoint] !== undefined);
      await recordEndpointEvent(this.outbox, m, 'endpoint.updated', { ...current, ...changes }, changed);
      if (Object.keys(push).length && isBought(current))
        await this.providers.forAccount(account).updateNumber(current.phoneNumberSid, push);
    });
    return this.get(actor, id);
  }

  /**
   * DeleteEndpoint, in one transaction: the row is locked and deleted (its tag links go with it), the
   * `endpoint.deleted` event recorded, and a bought number released at the provider before the commit (a
   * refusal there rolls back and leaves the endpoint in place). Of concurrent deletes one finds the row,
   * the others wait for its lock and find nothing: a 404, with no event and no second release. A virtual
   * number, or one marked doNotTouchPhoneNumber (bring-your-own-account), is only removed here.
   */
  async delete(actor: Principal, id: string): Promise<void> {
    const { accountId } = await this.findVisible(actor, id);
    const account = await this.accounts.findVisible(actor, accountId);
    await this.tx.run(async (m) => {
      const endpoint = await this.tx.lockForUpdate(m, EndpointEntity, id);
      if (!endpoint) throw new NotFoundError(`Endpoint ${id} not found`);
      if (endpoint.status === 'provisioning')
        throw new ConflictError(
          'EndpointProvisioning',
          'The number is still being bought; try again shortly',
        );
      const { affected } = await m.delete(EndpointEntity, { id, accountId });
      if (affected !== 1) throw new NotFoundError(`Endpoint ${id} not found`);
      await recordEndpointEvent(this.outbox, m, 'endpoint.deleted', endpoint);
      if (isBought(endpoint) && !endpoint.settings?.doNotTouchPhoneNumber)
        await this.providers.forAccount(account).releaseNumber(endpoint.phoneNumberSid);
    });
  }

  /** Every customer, tag and flow a patch names must belong to the endpoint's account. */
  private async checkReferences(actor: Principal, accountId: string, dto: PatchEndpoint): Promise<void> {
    if (dto.customerId === null && tenantScope(actor).customerPath !== null)
      throw new InvalidFieldError(
        'customerId',
        'NotAllowed',
        'customerId: customers may only move endpoints inside their own subtree',
      );
    // Every flow the endpoint would run or schedule, in the order errors are reported.
    const flowRefs = [
      ...(dto.flowId ? [{ flowId: dto.flowId, fieldName: 'flowId' }] : []),
      ...(dto.scheduledFlows ?? []).flatMap((scheduled, i) =>
        scheduled.flowId ? [{ flowId: scheduled.flowId, fieldName: `scheduledFlows[${i}].flowId` }] : [],
      ),
      ...(dto.schedule?.rules ?? []).flatMap((rule, i) =>
        rule.flowId ? [{ flowId: rule.flowId, fieldName: `schedule.rules[${i}].flowId` }] : [],
      ),
    ];
    // Independent lookups, side by side; the first wrong one in this order is the one reported.
    await allInOrder([
      dto.customerId && this.customers.findInAccount(actor, accountId, dto.customerId, 'customerId'),
      dto.tagIds && this.tags.requireInAccount(accountId, dto.tagIds, 'tagIds'),
      this.flows.requireAllInAccount(actor, accountId, flowRefs),
      dto.emergencyPhoneNumberId &&
        this.requirePhoneNumber(actor, accountId, dto.emergencyPhoneNumberId, 'emergencyPhoneNumberId'),
    ]);
  }

  /** A 400 naming `fieldName` unless `id` is a phone-number endpoint of the account that the caller may see. */
  private async requirePhoneNumber(
    actor: Principal,
    accountId: string,
    id: string,
    fieldName: string,
  ): Promise<void> {
    const found = await this.scoped(actor)
      .select(['e.id'])
      .andWhere(
        'e.id = :phoneNumberId AND e.accountId = :phoneNumberAccountId AND e.type = :phoneNumberType',
        {
          phoneNumberId: id,
          phoneNumberAccountId: accountId,
          phoneNumberType: EndpointTypes.PhoneNumber,
        },
      )
      .getOne();
    if (!found)
      throw new InvalidFieldError(fieldName, 'NotFound', `${fieldName}: no such phone number in the account`);
  }

  private async findVisible(actor: Principal, id: string): Promise<EndpointEntity> {
    const endpoint = await this.scoped(actor).andWhere('e.id = :id', { id }).getOne();
    if (!endpoint) throw new NotFoundError(`Endpoint ${id} not found`);
    return endpoint;
  }

  /** Endpoints the caller may see; Customer-role callers only those in their customer subtree. */
  /**
   * Narrows a list to the endpoints whose schedule is in `state` now (each account's now, by its test
   * clock while it is on). Schedules are not SQL: the query's other filters pick the candidates, their
   * schedules are evaluated here, and the query keeps the ids that match.
   */
  private async whereInScheduleState(
    query: SelectQueryBuilder<EndpointEntity>,
    state: string,
  ): Promise<void> {
    const candidates = await query
      .clone()
      .leftJoin(CustomerEntity, 'sc', 'sc.id = e.customerId')
      .select(['e.id AS "id"', 'e.accountId AS "accountId"', 'e.settings AS "settings"', 'sc.path AS "path"'])
      .limit(FLOW_STATE_MAX_CANDIDATES + 1)
      .getRawMany<{ id: string; accountId: string; settings: string | null; path: string | null }>();
    if (candidates.length > FLOW_STATE_MAX_CANDIDATES)
      throw new InvalidFieldError(
        'flowState',
        'TooMany',
        `flowState evaluates at most ${FLOW_STATE_MAX_CANDIDATES} endpoints: narrow the list with other ` +
          'filters (accountIds, customerIds, types, tagIds)',
      );
    const matching: string[] = [];
    for (const accountId of new Set(candidates.map((c) => c.accountId))) {
      const subjects = candidates
        .filter((c) => c.accountId === accountId)
        .map((c) => ({
          id: c.id,
          schedule: (c.settings ? (JSON.parse(c.settings) as EndpointSettings) : null)?.schedule,
          customerIds: c.path ? pathIds(c.path) : [],
        }));
      const [schedules, now] = await Promise.all([
        this.schedules.forSubjects(accountId, subjects),
        this.schedules.now(accountId),
      ]);
      for (const subject of subjects)
        if (schedules.evaluate(subject, now).evaluation.state === state) matching.push(subject.id);
    }
    if (matching.length === 0) query.andWhere('1 = 0');
    else whereIn(query, 'e.id', matching);
  }

  private scoped(actor: Principal) {
    const scope = tenantScope(actor);
    const query = this.endpoints.createQueryBuilder('e');
    if (scope.customerPath !== null) query.innerJoin(CustomerEntity, 'c', 'c.id = e.customerId');
    applyTenantScope(query, scope, { accountColumn: 'e.accountId', customerPathColumn: 'c.path' });
    return query;
  }
}
