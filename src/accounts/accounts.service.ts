import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal';
import { PrincipalCache } from '../common/auth/principal-cache';
import { newAudited, touched } from '../common/audit';
import { ListRequest, ListResponse, mapPage } from '../common/dto/list.dto';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors/domain-errors';
import { SecretBoxProvider } from '../security/secret-box.provider';
import { DeletionHooks } from '../database/deletion-hooks';
import { TransactionRunner } from '../database/transaction-runner';
import { AccountInfo, NewAccount, UpdateAccount } from './dto/account.dto';
import { AccountEntity, type AccountTestClock } from './entities/account.entity';
import { mapAccount } from './account.mapper';
import { AccountRepository } from './account.repository';
import { ProviderAccountChangeChecks } from './provider-account-change-checks';

@Injectable()
export class AccountsService {
  /**
   * What deleting an account means for what it holds: each module that holds rows of an account
   * registers its reaction from a file named for it (`endpoints/on-accounts-deleting.ts`, ...).
   */
  readonly deletionHooks = new DeletionHooks();
  /** What must hold before the account's provider account changes (see assertProviderAccountMayChange). */
  readonly providerAccountChangeChecks = new ProviderAccountChangeChecks();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly tx: TransactionRunner,
    private readonly secrets: SecretBoxProvider,
    private readonly principals: PrincipalCache,
  ) {}

  async create(actor: Principal | null, dto: NewAccount): Promise<AccountInfo> {
    let ancestorIds: string[] = [];
    if (dto.parentAccountId) {
      const parent = await this.accounts.findById(dto.parentAccountId);
      if (!parent)
        throw new InvalidFieldError('parentAccountId', 'NotFound', 'parentAccountId: no such account');
      ancestorIds = [...parent.ancestorIds, parent.id];
    }
    const account: AccountEntity = {
      ...newAudited(actor),
      name: dto.name,
      parentAccountId: dto.parentAccountId ?? null,
      ancestorIds,
      maxPhoneNumbers: dto.maxPhoneNumbers ?? null,
      twilioAccountSid: dto.twilioAccountSid ?? null,
      twilioAuthTokenEncrypted: null,
      isBYOA: dto.isBYOA ?? false,
      testClock: null,
    };
    if (dto.twilioAuthToken)
      account.twilioAuthTokenEncrypted = this.sealAuthToken(account.id, dto.twilioAuthToken);
    assertByoaComplete(account);
    await this.tx.run((m) => this.accounts.insert(m, account));
    return mapAccount(account);
  }

  /** PATCH /accounts/{accountId} (SystemAdministrator): changes only the fields given. */
  async update(actor: Principal, id: string, dto: UpdateAccount): Promise<AccountInfo> {
    const updated = await this.tx.run(async (m) => {
      const account = await this.accounts.lockForUpdate(m, id);
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
      await this.accounts.save(m, account);
      return account;
    });
    return mapAccount(updated);
  }

  /**
   * Switching BYOA or the Twilio account SID moves the account to another provider account, which does
   * not know what was bought in the current one: the modules holding things there refuse it
   * (`providerAccountChangeChecks`; phone numbers: `on-account-provider-changing.ts`). A new auth token
   * for the same SID is allowed. Runs under the account's row lock, which buys take too.
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
    if (fieldName) await this.providerAccountChangeChecks.run(m, account.id, fieldName);
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
    return mapPage(await this.accounts.page(actor, request), (rows) => rows.map(mapAccount));
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
      if (!(await this.accounts.lockForUpdate(m, id))) throw new NotFoundError(`Account ${id} not found`);
      const children = await this.accounts.countChildren(m, id);
      if (children > 0)
        throw new ConflictError(
          'AccountHasChildren',
          `The account has ${children} child account(s); delete them first`,
        );
      await this.deletionHooks.run(m, [id], { force: true });
      await this.accounts.delete(m, id);
    });
    this.principals.invalidate();
  }

  async get(actor: Principal, id: string): Promise<AccountInfo> {
    return mapAccount(await this.findVisible(actor, id));
  }

  /** The account if the caller may see it; a foreign account is indistinguishable from a missing one. */
  async findVisible(actor: Principal, id: string, fieldName?: string): Promise<AccountEntity> {
    const account = await this.accounts.findVisible(actor, id);
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

  /**
   * The account, whoever asks: for the app's own reactions (a provider's callback), never for a
   * caller's request, which goes through findVisible.
   */
  findById(id: string): Promise<AccountEntity | null> {
    return this.accounts.findById(id);
  }

  /** The account's test clock (null: never set). */
  testClock(accountId: string): Promise<AccountTestClock | null> {
    return this.accounts.testClock(accountId);
  }

  /** Sets the account's test clock (its system settings), in the caller's transaction. */
  async setTestClock(
    manager: EntityManager,
    actor: Principal,
    accountId: string,
    testClock: AccountTestClock,
  ): Promise<void> {
    await this.accounts.update(manager, accountId, { testClock, ...touched(actor) });
  }

  namesByIds(ids: string[]): Promise<Map<string, string>> {
    return this.accounts.namesByIds(ids);
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
