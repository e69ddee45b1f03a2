import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { CustomersService } from './customers.service';

/** A deleted account's customers go with it (and what refers to them reacts: see CustomersService.delete). */
@Injectable()
export class CustomersOnAccountsDeleting implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly customers: CustomersService,
  ) {}

  onModuleInit(): void {
    this.accounts.deletionHooks.register('cascade', (m, accountIds) =>
      this.customers.deleteForAccounts(m, accountIds),
    );
  }
}
