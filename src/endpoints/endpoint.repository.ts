import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Brackets,
  DataSource,
  EntityManager,
  In,
  IsNull,
  LessThanOrEqual,
  Not,
  SelectQueryBuilder,
} from 'typeorm';
import { touched } from '../common/audit';
import { nowIso } from '../common/clock';
import { Principal, tenantScope } from '../common/auth/principal';
import type { Page } from '../common/dto/list.dto';
import type { Schedule } from '../contract/schedule.dto';
import { CustomerEntity } from '../customers/entities/customer.entity';
import { whereContains, whereHasAllTags, whereIn, whereInCustomerSubtrees } from '../database/list-filters';
import { paginateIds } from '../database/paging';
import { jsonValueEquals } from '../database/json-sql';
import { insertRows, sqlQuery } from '../database/sql';
import { applyTenantScope, escapeLike, idsInAccount } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxService } from '../events/outbox.service';
import { EndpointTypes } from '../contract/endpoint.enums';
import { ENDPOINT_SORT_FIELDS, hasFlowFilter, ListEndpointsQuery } from './dto/list-endpoints.dto';
import { whereDataMatches, whereFlowParamsContain } from './endpoint-filters';
import type { EndpointSettings } from './endpoint-settings';
import { EndpointTagEntity } from './entities/endpoint-tag.entity';
import { EndpointEntity } from './entities/endpoint.entity';

/** Columns other modules' rows refer to an endpoint's by (its account, customer, flow). */
type ReferenceColumn = 'accountId' | 'customerId' | 'flowId';

/**
 * The only writer of endpoint rows, their tag links and their `endpoint.*` events (in the transaction
 * of the change, so an event exists exactly when its change does), and the tenant scope of endpoints:
 * which of them a caller may touch. Methods taking a manager `m` run in the caller's transaction
 * (`transaction`); the others run on their own. EndpointInfo itself is read by EndpointInfoReader.
 */
@Injectable()
export class EndpointRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
  ) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.tx.run(work);
  }

  // The tenant scope, and reads.

  /** The endpoint if the caller may see it: Customer-role callers only those in their customer subtree. */
  findVisible(actor: Principal, id: string): Promise<EndpointEntity | null> {
    return this.scoped(actor).andWhere('e.id = :id', { id }).getOne();
  }

  /** Whether `id` is a phone-number endpoint of the account that the caller may see. */
  async isVisiblePhoneNumber(actor: Principal, accountId: string, id: string): Promise<boolean> {
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
    return found !== null;
  }

  /**
   * ListEndpoints' page of ids: every filter and the scope are conditions of one SQL query. `onlyIds`, when
   * given, keeps only those (the endpoints a schedule state picked, see `scheduleCandidates`).
   */
  pageIds(actor: Principal, request: ListEndpointsQuery, onlyIds?: string[]): Promise<Page<string>> {
    const query = this.listQuery(actor, request);
    if (onlyIds?.length === 0) query.andWhere('1 = 0');
    else whereIn(query, 'e.id', onlyIds);
    return paginateIds(query, request, {
      sortFields: ENDPOINT_SORT_FIELDS,
      nullableSortFields: ['phoneNumber', 'referenceId'],
      defaultSortField: 'displayName',
      idColumn: 'e.id',
    });
  }

  /**
   * What a schedule-state filter needs of every endpoint the list's other filters keep, at most `max` + 1
   * of them (one more tells the caller there were too many): its account, its schedule and its customer's
   * materialised path.
   */
  async scheduleCandidates(
    actor: Principal,
    request: ListEndpointsQuery,
    max: number,
  ): Promise<{ id: string; accountId: string; schedule: Schedule | null; customerPath: string | null }[]> {
    const rows = await this.listQuery(actor, request)
      .leftJoin(CustomerEntity, 'sc', 'sc.id = e.customerId')
      .select(['e.id AS "id"', 'e.accountId AS "accountId"', 'e.settings AS "settings"', 'sc.path AS "path"'])
      .limit(max + 1)
      .getRawMany<{ id: string; accountId: string; settings: string | null; path: string | null }>();
    return rows.map((r) => ({
      id: r.id,
      accountId: r.accountId,
      schedule: (r.settings ? (JSON.parse(r.settings) as EndpointSettings) : null)?.schedule ?? null,
      customerPath: r.path,
    }));
  }

  /** The endpoints ListEndpoints' SQL filters and the caller's scope keep. */
  private listQuery(actor: Principal, request: ListEndpointsQuery): SelectQueryBuilder<EndpointEntity> {
    const query = this.scoped(actor);
    whereIn(query, 'e.accountId', request.accountIds);
    whereInCustomerSubtrees(query, 'e.customerId', request.customerIds, request.shallowParent ?? false);
    whereIn(query, 'e.referenceId', request.referenceIds);
    whereIn(query, 'e.flowId', request.flowIds);
    const hasFlow = hasFlowFilter(request);
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
    return query;
  }

  /** The row, read in the transaction `m` when given. */
  findById(id: string, m: EntityManager = this.dataSource.manager): Promise<EndpointEntity | null> {
    return m.findOneBy(EndpointEntity, { id });
  }

  /** The row, locked until the transaction ends; null when it does not exist. */
  lockForUpdate(m: EntityManager, id: string): Promise<EndpointEntity | null> {
    return this.tx.lockForUpdate(m, EndpointEntity, id);
  }

  async phoneNumberTaken(m: EntityManager, phoneNumber: string): Promise<boolean> {
    const [existing] = await sqlQuery(m, 'SELECT "id" FROM "endpoints" WHERE "phoneNumber" = :number', {
      number: phoneNumber,
    });
    return existing !== undefined;
  }

  /** The phone and fax numbers the account holds at the provider (claimed or bought, not virtual). */
  countBoughtNumbers(m: EntityManager, accountId: string): Promise<number> {
    return m.count(EndpointEntity, {
      where: {
        accountId,
        type: In([EndpointTypes.PhoneNumber, EndpointTypes.FaxNumber]),
        isVirtualPhoneNumber: false,
        phoneNumber: Not(IsNull()),
      },
    });
  }

  /**
   * The account's numbers held through its provider account (in the caller's transaction): bought (not
   * virtual, not doNotTouchPhoneNumber) or being bought.
   */
  async countNumbersHeld(m: EntityManager, accountId: string): Promise<number> {
    const query = m
      .createQueryBuilder(EndpointEntity, 'e')
      .where('e.accountId = :accountId', { accountId })
      .andWhere('e.isVirtualPhoneNumber = :virtual', { virtual: false })
      .andWhere("(e.phoneNumberSid IS NOT NULL OR e.status = 'provisioning')");
    const doNotTouch = jsonValueEquals(query, 'e.settings', ['doNotTouchPhoneNumber'], true);
    return query.andWhere(`(CASE WHEN ${doNotTouch} THEN 1 ELSE 0 END) = 0`).getCount();
  }

  /** How many endpoints name one of `ids` in `column` (their account, customer or flow). */
  countReferring(m: EntityManager, column: ReferenceColumn, ids: string[]): Promise<number> {
    return m.count(EndpointEntity, { where: { [column]: In(ids) } });
  }

  /** Which of `ids` are endpoints of the account, of one of `types` when given. */
  idsInAccount(
    m: EntityManager,
    accountId: string,
    ids: string[],
    types: EndpointTypes[] | null,
  ): Promise<Set<string>> {
    return idsInAccount(
      m,
      'endpoints',
      accountId,
      ids,
      types ? { sql: '"type" IN (:...types)', params: { types } } : undefined,
    );
  }

  /**
   * The endpoints of the flows' accounts whose settings mention one of the flow ids (a candidate list:
   * the JSON is checked precisely by the caller).
   */
  mentioningFlows(
    m: EntityManager,
    flowIds: string[],
  ): Promise<Pick<EndpointEntity, 'id' | 'flowId' | 'settings'>[]> {
    const query = m
      .createQueryBuilder(EndpointEntity, 'e')
      .select(['e.id', 'e.flowId', 'e.settings'])
      .where('e.accountId IN (SELECT f."accountId" FROM flows f WHERE f.id IN (:...flowIds))', { flowIds });
    query.andWhere(
      new Brackets((any) => {
        flowIds.forEach((flowId, i) =>
          any.orWhere(`e.settings LIKE :mention${i} ESCAPE '\\'`, {
            [`mention${i}`]: `%${escapeLike(flowId)}%`,
          }),
        );
      }),
    );
    return query.getMany();
  }

  /** The account's purchases still `provisioning` since `cutoff` or before. */
  stuckClaims(accountId: string, cutoff: string): Promise<EndpointEntity[]> {
    return this.dataSource.getRepository(EndpointEntity).find({
      where: {
        accountId,
        status: 'provisioning',
        isVirtualPhoneNumber: false,
        dateCreated: LessThanOrEqual(cutoff),
      },
    });
  }

  /** Which of `phoneNumbers` are endpoints of any account. */
  async knownNumbers(phoneNumbers: string[]): Promise<string[]> {
    if (phoneNumbers.length === 0) return [];
    const rows = await this.dataSource.getRepository(EndpointEntity).find({
      select: { phoneNumber: true },
      where: { phoneNumber: In(phoneNumbers) },
    });
    return rows.map((row) => row.phoneNumber!);
  }

  /** The account's active bought numbers, by number. */
  activeBoughtNumbers(accountId: string): Promise<EndpointEntity[]> {
    return this.dataSource.getRepository(EndpointEntity).find({
      where: { accountId, status: 'active', isVirtualPhoneNumber: false, phoneNumber: Not(IsNull()) },
      order: { phoneNumber: 'ASC' },
    });
  }

  // Writes.

  /** A new endpoint and its tag links; plain INSERTs, the hottest writes (see insertRows). */
  async insert(m: EntityManager, endpoint: EndpointEntity, tagIds: string[]): Promise<void> {
    await insertRows(m, EndpointEntity, [endpoint]);
    await insertRows(
      m,
      EndpointTagEntity,
      tagIds.map((tagId) => ({ endpointId: endpoint.id, tagId })),
    );
  }

  /** `endpoint.created`, in the transaction that makes the endpoint usable. */
  async recordCreated(m: EntityManager, endpoint: EndpointEntity): Promise<void> {
    await this.recordEvent(m, 'endpoint.created', endpoint);
  }

  /**
   * Makes a `provisioning` claim active with the provider's SID, announcing it. False when the claim
   * is no longer `provisioning` (settled elsewhere).
   */
  async activateClaim(m: EntityManager, id: string, phoneNumberSid: string): Promise<boolean> {
    const result = await m.update(
      EndpointEntity,
      { id, status: 'provisioning' },
      { status: 'active', phoneNumberSid, dateLastModified: nowIso() },
    );
    if (result.affected !== 1) return false;
    await this.recordCreated(m, await m.findOneByOrFail(EndpointEntity, { id }));
    return true;
  }

  /** Deletes a claim while it is still `provisioning` (under its row lock); false when it no longer is. */
  async removeClaim(m: EntityManager, id: string): Promise<boolean> {
    const row = await this.lockForUpdate(m, id);
    if (row?.status !== 'provisioning') return false;
    await m.delete(EndpointEntity, { id, status: 'provisioning' });
    return true;
  }

  /**
   * Applies `changes` to the (locked) row `current`, replaces its tag links when `tagIds` is given, and
   * records `endpoint.updated` naming the `changed` request fields.
   */
  async update(
    m: EntityManager,
    current: EndpointEntity,
    changes: Partial<EndpointEntity>,
    tagIds: string[] | undefined,
    changed: string[],
  ): Promise<void> {
    await m.update(EndpointEntity, { id: current.id }, changes);
    if (tagIds) {
      await m.delete(EndpointTagEntity, { endpointId: current.id });
      const unique = [...new Set(tagIds)];
      if (unique.length)
        await m.insert(
          EndpointTagEntity,
          unique.map((tagId) => ({ endpointId: current.id, tagId })),
        );
    }
    await this.recordEvent(m, 'endpoint.updated', { ...current, ...changes }, changed);
  }

  /** Deletes the row (its tag links go with it) and records `endpoint.deleted`; false when it was gone. */
  async delete(m: EntityManager, endpoint: EndpointEntity): Promise<boolean> {
    const { affected } = await m.delete(EndpointEntity, { id: endpoint.id, accountId: endpoint.accountId });
    if (affected !== 1) return false;
    await this.recordEvent(m, 'endpoint.deleted', endpoint);
    return true;
  }

  /** Switches the endpoint's type, on its own; false when the endpoint is gone. */
  async setType(id: string, type: EndpointTypes, by: Principal): Promise<boolean> {
    const { affected } = await this.tx.run((m) => m.update(EndpointEntity, { id }, { type, ...touched(by) }));
    return affected === 1;
  }

  /** Merges `changes` into the endpoint's settings under its row lock; false when the endpoint is gone. */
  mergeSettings(id: string, changes: EndpointSettings, by: Principal | null): Promise<boolean> {
    return this.tx.run(async (m) => {
      const endpoint = await this.lockForUpdate(m, id);
      if (!endpoint) return false;
      await m.update(
        EndpointEntity,
        { id },
        { settings: { ...(endpoint.settings ?? {}), ...changes }, ...touched(by) },
      );
      return true;
    });
  }

  /** The endpoints that name one of `ids` in `column` let go of it (it is being deleted). */
  async detach(m: EntityManager, column: 'customerId' | 'flowId', ids: string[]): Promise<void> {
    await m.update(EndpointEntity, { [column]: In(ids) }, { [column]: null });
  }

  async replaceSettings(m: EntityManager, id: string, settings: EndpointSettings): Promise<void> {
    await m.update(EndpointEntity, { id }, { settings });
  }

  /** An endpoint event in the outbox, in the transaction `m` of the change; `changed`: the fields an update touched. */
  private async recordEvent(
    m: EntityManager,
    type: 'endpoint.created' | 'endpoint.updated' | 'endpoint.deleted',
    endpoint: EndpointEntity,
    changed?: string[],
  ): Promise<void> {
    await this.outbox.record(
      m,
      type,
      {
        id: endpoint.id,
        accountId: endpoint.accountId,
        customerId: endpoint.customerId,
        type: endpoint.type,
        phoneNumber: endpoint.phoneNumber,
        phoneNumberSid: endpoint.phoneNumberSid,
        isVirtualPhoneNumber: endpoint.isVirtualPhoneNumber,
        displayName: endpoint.displayName,
        ...(changed ? { changed } : {}),
      },
      endpoint.accountId,
    );
  }

  /** Endpoints the caller may see; Customer-role callers only those in their customer subtree. */
  private scoped(actor: Principal) {
    const scope = tenantScope(actor);
    const query = this.dataSource.getRepository(EndpointEntity).createQueryBuilder('e');
    if (scope.customerPath !== null) query.innerJoin(CustomerEntity, 'c', 'c.id = e.customerId');
    applyTenantScope(query, scope, { accountColumn: 'e.accountId', customerPathColumn: 'c.path' });
    return query;
  }
}
