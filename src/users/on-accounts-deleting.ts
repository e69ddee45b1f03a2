import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { UserRepository } from './user.repository';

/** A deleted account's memberships go with it (its users stay: they may belong to other accounts). */
@Injectable()
export class UsersOnAccountsDeleting implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly users: UserRepository,
  ) {}

  onModuleInit(): void {
    this.accounts.deletionHooks.register('cascade', (m, accountIds) =>
      this.users.deleteMembershipsOfAccounts(m, accountIds),
    );
  }
}
