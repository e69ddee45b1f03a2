import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { allInOrder } from '../common/all-in-order';
import { Principal, tenantScope } from '../common/auth/principal';
import { touched } from '../common/audit';
import { ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { pathIds } from '../customers/customer.mapper';
import { CustomersService } from '../customers/customers.service';
import { FlowsService } from '../flows/flows.service';
import { ScheduleResolver } from '../schedules/schedule-resolver';
import { TagsService } from '../tags/tags.service';
import { TelephonyProviderResolver } from '../telephony/telephony-provider.resolver';
import type { UpdateNumberRequest } from '../telephony/telephony.provider';
import { EndpointInfo } from './dto/endpoint-info.dto';
import { PatchEndpoint } from './dto/patch-endpoint.dto';
import { EndpointEntity } from './entities/endpoint.entity';
import type { EndpointSettings } from './endpoint-settings';
import { EndpointInfoReader } from './endpoint-info.reader';
import { EndpointRepository } from './endpoint.repository';
import { FLOW_STATE_MAX_CANDIDATES, ListEndpointsQuery, scheduleStateFilter } from './dto/list-endpoints.dto';

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

/** A number bought at the provider (not virtual, purchase completed) that the service manages there. */
const isBought = (e: EndpointEntity): e is EndpointEntity & { phoneNumberSid: string } =>
  !e.isVirtualPhoneNumber && e.phoneNumberSid !== null;

@Injectable()
export class EndpointsService {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
    private readonly tags: TagsService,
    private readonly flows: FlowsService,
    private readonly providers: TelephonyProviderResolver,
    private readonly infos: EndpointInfoReader,
    private readonly schedules: ScheduleResolver,
  ) {}

  /**
   * ListEndpoints: a page of the endpoints the caller may see, filtered in SQL; a schedule state
   * (`flowState`) is the one filter that is not SQL: the endpoints the other filters keep are evaluated
   * here, and the page is of those in that state.
   */
  async list(actor: Principal, request: ListEndpointsQuery): Promise<ListResponse<EndpointInfo>> {
    const state = scheduleStateFilter(request);
    const onlyIds = state === undefined ? undefined : await this.idsInScheduleState(actor, request, state);
    return mapPage(await this.endpoints.pageIds(actor, request, onlyIds), (ids) => this.infos.byIds(ids));
  }

  /** The endpoints the list's other filters keep whose schedule is in `state` now (each account's now). */
  private async idsInScheduleState(
    actor: Principal,
    request: ListEndpointsQuery,
    state: string,
  ): Promise<string[]> {
    const candidates = await this.endpoints.scheduleCandidates(actor, request, FLOW_STATE_MAX_CANDIDATES);
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
          schedule: c.schedule,
          customerIds: c.customerPath ? pathIds(c.customerPath) : [],
        }));
      const [schedules, now] = await Promise.all([
        this.schedules.forSubjects(accountId, subjects),
        this.schedules.now(accountId),
      ]);
      for (const subject of subjects)
        if (schedules.evaluate(subject, now).evaluation.state === state) matching.push(subject.id);
    }
    return matching;
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

    const changed = Object.keys(dto).filter((key) => dto[key as keyof PatchEndpoint] !== undefined);
    await this.endpoints.transaction(async (m) => {
      const current = await this.endpoints.lockForUpdate(m, id);
      if (!current) throw new NotFoundError(`Endpoint ${id} not found`);
      await this.endpoints.update(m, current, changes, dto.tagIds, changed);
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
    await this.endpoints.transaction(async (m) => {
      const endpoint = await this.endpoints.lockForUpdate(m, id);
      if (!endpoint) throw new NotFoundError(`Endpoint ${id} not found`);
      if (endpoint.status === 'provisioning')
        throw new ConflictError(
          'EndpointProvisioning',
          'The number is still being bought; try again shortly',
        );
      if (!(await this.endpoints.delete(m, endpoint))) throw new NotFoundError(`Endpoint ${id} not found`);
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
    const found = await this.endpoints.isVisiblePhoneNumber(actor, accountId, id);
    if (!found)
      throw new InvalidFieldError(fieldName, 'NotFound', `${fieldName}: no such phone number in the account`);
  }

  private async findVisible(actor: Principal, id: string): Promise<EndpointEntity> {
    const endpoint = await this.endpoints.findVisible(actor, id);
    if (!endpoint) throw new NotFoundError(`Endpoint ${id} not found`);
    return endpoint;
  }
}
