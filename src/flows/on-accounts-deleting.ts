import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { FlowsService } from './flows.service';

/** A deleted account's flows go with it (and what uses them reacts: see FlowsService.delete). */
@Injectable()
export class FlowsOnAccountsDeleting implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly flows: FlowsService,
  ) {}

  onModuleInit(): void {
    this.accounts.deletionHooks.register('cascade', (m, accountIds) =>
      this.flows.deleteForAccounts(m, accountIds),
    );
  }
}
