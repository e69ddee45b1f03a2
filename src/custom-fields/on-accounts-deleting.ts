import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { CustomFieldsService } from './custom-fields.service';

/** A deleted account's custom field definitions go with it. */
@Injectable()
export class CustomFieldsOnAccountsDeleting implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly customFields: CustomFieldsService,
  ) {}

  onModuleInit(): void {
    this.accounts.deletionHooks.register('cascade', (m, accountIds) =>
      this.customFields.deleteForAccounts(m, accountIds),
    );
  }
}
