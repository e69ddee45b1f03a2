import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import type { Principal } from '../common/auth/principal';
import { AccountCustomFields, CustomFieldsService } from '../custom-fields/custom-fields.service';
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
    return this.read(account.id);
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
    const tagPlan = dto.tags && (await this.tags.planCatalogue(account.id, dto.tags));
    await this.tx.run(async (m) => {
      await this.customFields.replace(m, account.id, fields, actor);
      if (tagPlan) await this.tags.applyCatalogue(m, tagPlan);
    });
    return this.read(account.id);
  }

  private async read(accountId: string): Promise<SystemSettingsInfo> {
    const [tags, fields] = await Promise.all([
      this.tags.catalogue(accountId),
      this.customFields.forAccount(accountId),
    ]);
    return { accountId, tags, ...fields };
  }
}
