import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { TagsService } from './tags.service';

/** A deleted account's tags go with it, and their links to customers, flows and endpoints. */
@Injectable()
export class TagsOnAccountsDeleting implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tags: TagsService,
  ) {}

  onModuleInit(): void {
    this.accounts.deletionHooks.register('cascade', (m, accountIds) =>
      this.tags.deleteForAccounts(m, accountIds),
    );
  }
}
