import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { Principal, tenantScope } from '../common/auth/principal';
import { PrincipalCache } from '../common/auth/principal-cache';
import { newAudited, touched } from '../common/audit';
import { ListRequest, ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { SecretBoxProvider } from '../common/security/secret-box.provider';
import { DeletionHooks } from '../database/deletion-hooks';
import { jsonValueEquals } from '../database/json-sql';
import { EndpointEntity } from '../endpoints/entities/endpoint.entity';
import { ProvisioningOrphanEntity } from '../endpoints/phone-numbers/provisioning/entities/provisioning-orphan.entity';
import { paginate } from '../database/paging';
import { selectEntities } from '../database/sql';
import { applyTenantScope, tenantScopeConditions } from '../database/tenant-scope';
import { TransactionRunner } from '../database/transaction-runner';
import { ACCOUNT_SORT_FIELDS, AccountInfo, NewAccount, UpdateAccount } from './dto/account.dto';
import { AccountEntity } from './entities/account.entity';
import { mapAccount } from './account.mapper';

@Injectable()
export class AccountsService {
  /**
   * What deleting an account means for what it holds: each module that holds rows of an account
   * registers its reaction from a file named for it (`endpoints/on-accounts-deleting.ts`, ...).
   */
  readonly deletionHooks = new DeletionHooks();

  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly tx: TransactionRunner,
    private readonly secrets: SecretBoxProvider,
    private readonly principals: PrincipalCache,
  ) {}

  async create(actor: Principal | null, dto: NewAccount): Promise<AccountInfo> {
    let ancestorIds: string[] = [];
    if (dto.parentAccountId) {
      const parent = await this.accounts.findOneBy({ id: dto.parentAccountId });
      if (!parent)
        throw new InvalidFieldError('parentAccountId', 'NotFound', 'parentAccountId: no such account');
      ancestorIds = [...parent.ancestorIds, parent.id];
    }
    const account = this.accounts.create({
      ...newAudited(actor),
      name: dto.name,
      parentAccountId: dto.parentAccountId ?? null,
      ancestorIds,
      maxPhoneNumbers: dto.maxPhoneNumbers ?? null,
      twilioAccountSid: dto.twilioAccountSid ?? null,
      twilioAuthTokenEncrypted: null,
      isBYOA: dto.isBYOA ?? false,
    });
    if (dto.twilioAuthToken)
      account.twilioAuthTokenEncrypted = this.sealAuthToken(account.id, dto.twilioAuthToken);
    assertByoaComplete(account);
    await this.tx.run((m) => m.insert(AccountEntity, account));
    return mapAccount(account);
  }

  /** PATCH /accounts/{accountId} (SystemAdministrator): changes only the fields given. */
  async update(actor: Principal, id: string, dto: UpdateAccount): Promise<AccountInfo> {
    const updated = await this.tx.run(async (m) => {
      const account = await this.tx.lockForUpdate(m, AccountEntity, id);
      if (!account) throw new NotFoundError(`Account ${id} not found`);
      await this.assertProviderAccountMayChange(m, account, dto);
      if (dto.name !== undefined) account.name = dto.name;
      if (dto.maxPhoneNumbers !== undefined) account.maxPhoneNumbers = dto.maxPhoneNumbers;
      if (dto.isBYOA !== undefined) account.isBYOA = dto.isBYOA;
      if (dto.twilioAccountSid !== undefined && dto.twilioAccountSid !== account.twilioAccountSid) {
        account.twilioAccountSid = dto.twilioAccountSid;
        // A token belongs to one Twilio account: a new SID needs its own token.
        account.twilioAuthTokenEncrypted = null;
      }
      if (dto.twilioAuthToken)
        account.twilioAuthTokenEncrypted = this.sealAuthToken(account.id, dto.twilioAuthToken);
      assertByoaComplete(account);
      Object.assign(account, touched(actor));
      await m.save(AccountEntity, account);
      return account;
    });
    return mapAccount(updated);
  }

  /**
   * Numbers are bought in one provider account (the service's, or the account's own Twilio account):
   * while the account holds any (bought, not virtual, not doNotTouchPhoneNumber; being bought; or
   * orphaned awaiting release), switching BYOA or the Twilio account SID would send their updates and
   * releases to another provider account, which does not know them: a 409 naming the field. A new auth
   * token for the same SID is allowed. Runs under the account's row lock, which buys take too.
   */
  private async assertProviderAccountMayChange(
    m: EntityManager,
    account: AccountEntity,
    dto: UpdateAccount,
  ): Promise<void> {
    const fieldName =
      dto.isBYOA !== undefined && dto.isBYOA !== account.isBYOA
        ? 'isBYOA'
        : account.isBYOA &&
            dto.twilioAccountSid !== undefined &&
            dto.twilioAccountSid !== account.twilioAccountSid
          ? 'twilioAccountSid'
          : null;
    if (!fieldName) return;
    const query = m
      .createQueryBuilder(EndpointEntity, 'e')
      .where('e.accountId = :accountId', { accountId: account.id })
      .andWhere('e.isVirtualPhoneNumber = :virtual', { virtual: false })
      .andWhere("(e.phoneNumberSid IS NOT NULL OR e.status = 'provisioning')");
    const doNotTouch = jsonValueEquals(query, 'e.settings', ['doNotTouchPhoneNumber'], true);
    const numbers = await query.andWhere(`(CASE WHEN ${doNotTouch} THEN 1 ELSE 0 END) = 0`).getCount();
    const orphans = await m.count(ProvisioningOrphanEntity, {
      where: { accountId: account.id, releasedAt: IsNull() },
    });
    if (numbers + orphans > 0)
      throw new ConflictError(
        'AccountHoldsNumbers',
        `${fieldName} cannot change while the account holds ${numbers + orphans} number(s) bought through its ` +
          'current provider account: release them (delete their endpoints) first, or mark them ' +
          'doNotTouchPhoneNumber to keep them outside the service',
        fieldName,
      );
  }

  private sealAuthToken(accountId: string, token: string): string {
    if (!this.secrets.box)
      throw new InvalidFieldError(
        'twilioAuthToken',
        'EncryptionNotConfigured',
        'twilioAuthToken cannot be stored: the server has no ENCRYPTION_KEY configured',
      );
    return this.secrets.box.encrypt(token, accountId);
  }

  async list(actor: Principal, request: ListRequest): Promise<ListResponse<AccountInfo>> {
    const query = this.accounts.createQueryBuilder('a');
    applyTenantScope(query, { ...tenantScope(actor), customerPath: null }, { accountColumn: 'a.id' });
    const page = await paginate(query, request, {
      sortFields: ACCOUNT_SORT_FIELDS,
      nullableSortFields: [],
      defaultSortField: 'name',
      idColumn: 'a.id',
    });
    return mapPage(page, (rows) => rows.map(mapAccount));
  }

  /**
   * Deletes an account with its customers, tags, flows, custom fields and memberships (its webhooks go by
   * their key's cascade), in one transaction. Refused (409) while it has child accounts or endpoints:
   * endpoints are deleted one by one first, so that bought numbers are released at the provider.
   */
  async delete(actor: Principal, id: string): Promise<void> {
    await this.findVisible(actor, id);
    await this.tx.run(async (m) => {
      // Locked first, as a buy's claim locks it: a create in the account (a buy, a customer, tag, flow,
      // webhook, custom field or membership: each row's key locks the account) either commits before the
      // checks, and goes with the account or blocks it, or waits and is refused by the foreign key. A
      // racing delete of the same account that got here first leaves nothing to lock: a 404.
      if (!(await this.tx.lockForUpdate(m, AccountEntity, id)))
        throw new NotFoundError(`Account ${id} not found`);
      const children = await m.count(AccountEntity, { where: { parentAccountId: id } });
      if (children > 0)
        throw new ConflictError(
          'AccountHasChildren',
          `The account has ${children} child account(s); delete them first`,
        );
      await this.deletionHooks.run(m, [id], { force: true });
      await m.delete(AccountEntity, { id });
    });
    this.principals.invalidate();
  }

  async get(actor: Principal, id: string): Promise<AccountInfo> {
    return mapAccount(await this.findVisible(actor, id));
  }

  /** The account if the caller may see it; a foreign account is indistinguishable from a missing one. */
  async findVisible(actor: Principal, id: string, fieldName?: string): Promise<AccountEntity> {
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
    if (account) return account;
    if (fieldName) throw new InvalidFieldError(fieldName, 'NotFound', `${fieldName}: no such account`);
    throw new NotFoundError(`Account ${id} not found`);
  }

  /**
   * The account a request acts on: the one named, or the caller's only account when none is.
   * `fieldName` names the request field in errors.
   */
  async resolveForCaller(
    actor: Principal,
    accountId: string | undefined,
    fieldName = 'accountId',
  ): Promise<AccountEntity> {
    if (accountId) return this.findVisible(actor, accountId, fieldName);
    if (actor.accountIds.length === 1) return this.findVisible(actor, actor.accountIds[0], fieldName);
    throw new InvalidFieldError(
      fieldName,
      'NotEmpty',
      `${fieldName} is required: the caller belongs to ${actor.accountIds.length === 0 ? 'no' : 'several'} accounts`,
    );
  }

  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.accounts.find({ select: { id: true, name: true }, where: { id: In(ids) } });
    return new Map(rows.map((a) => [a.id, a.name]));
  }
}

/** A BYOA account must carry both halves of its Twilio credentials. */
function assertByoaComplete(account: AccountEntity): void {
  if (!account.isBYOA) return;
  if (!account.twilioAccountSid)
    throw new InvalidFieldError(
      'twilioAccountSid',
      'NotEmpty',
      'twilioAccountSid is required when isBYOA is true',
    );
  if (!account.twilioAuthTokenEncrypted)
    throw new InvalidFieldError(
      'twilioAuthToken',
      'NotEmpty',
      'twilioAuthToken is required when isBYOA is true',
    );
}
