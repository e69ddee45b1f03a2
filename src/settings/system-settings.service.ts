import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import type { AccountTestClock } from '../accounts/entities/account.entity';
import type { Principal } from '../common/auth/principal';
import { AccountCustomFields, CustomFieldsService } from '../custom-fields/custom-fields.service';
import { InvalidFieldError } from '../common/errors/domain-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { TagsService } from '../tags/tags.service';
import { PatchSystemSettings, SystemSettingsInfo } from './dto/system-settings.dto';

/** An account's system settings: its tag catalogue and its custom field definitions. */
@Injectable()
export class SystemSettingsService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tags: TagsService,
    private readonly customFields: CustomFieldsService,
    private readonly tx: TransactionRunner,
  ) {}

  async get(actor: Principal, accountId?: string): Promise<SystemSettingsInfo> {
    const account = await this.accounts.resolveForCaller(actor, accountId);
    return this.read(account.id, account.testClock);
  }

  /**
   * Each list given replaces the account's (one left out is unchanged). Everything is checked before
   * anything is written, and everything is written in one transaction: all or nothing.
   */
  async patch(actor: Principal, dto: PatchSystemSettings): Promise<SystemSettingsInfo> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    // A list sent as null is left out, as an omitted one.
    const fields: Partial<AccountCustomFields> = {
      customerFields: dto.customerFields ?? undefined,
      endpointFields: dto.endpointFields ?? undefined,
      systemFields: dto.systemFields ?? undefined,
    };
    this.customFields.validate(fields);
    const testClock = nextTestClock(account.testClock, dto);
    const tagPlan = dto.tags && (await this.tags.planCatalogue(account.id, dto.tags));
    await this.tx.run(async (m) => {
      await this.customFields.replace(m, account.id, fields, actor);
      if (tagPlan) await this.tags.applyCatalogue(m, tagPlan);
      if (testClock) await this.accounts.setTestClock(m, actor, account.id, testClock);
    });
    return this.read(account.id, testClock ?? account.testClock);
  }

  private async read(accountId: string, testClock: AccountTestClock | null): Promise<SystemSettingsInfo> {
    const [tags, fields] = await Promise.all([
      this.tags.catalogue(accountId),
      this.customFields.forAccount(accountId),
    ]);
    return { accountId, tags, ...fields, ...(testClock ?? TEST_CLOCK_OFF) };
  }
}

const TEST_CLOCK_OFF: AccountTestClock = {
  overrideSystemTime: false,
  overrideSystemTimeZoneId: null,
  overrideSystemDateTime: null,
};

/**
 * The test clock after a patch, or null when the patch leaves it alone (each field omitted or null is
 * unchanged). It cannot be left on without an instant.
 */
function nextTestClock(current: AccountTestClock | null, dto: PatchSystemSettings): AccountTestClock | null {
  const { overrideSystemTime, overrideSystemTimeZoneId, overrideSystemDateTime } = dto;
  if (overrideSystemTime == null && overrideSystemTimeZoneId == null && overrideSystemDateTime == null)
    return null;
  const before = current ?? TEST_CLOCK_OFF;
  const next: AccountTestClock = {
    overrideSystemTime: overrideSystemTime ?? before.overrideSystemTime,
    overrideSystemTimeZoneId: overrideSystemTimeZoneId ?? before.overrideSystemTimeZoneId,
    overrideSystemDateTime: overrideSystemDateTime ?? before.overrideSystemDateTime,
  };
  if (next.overrideSystemTime && !next.overrideSystemDateTime)
    throw new InvalidFieldError(
      'overrideSystemDateTime',
      'NotEmpty',
      'overrideSystemDateTime is required while overrideSystemTime is on',
    );
  return next;
}
