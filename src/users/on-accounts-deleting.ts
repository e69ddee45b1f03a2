import { Injectable, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { UserAccountEntity } from './entities/user-account.entity';

/** A deleted account's memberships go with it (its users stay: they may belong to other accounts). */
@Injectable()
export class UsersOnAccountsDeleting implements OnModuleInit {
  constructor(private readonly accounts: AccountsService) {}

  onModuleInit(): void {
    this.accounts.deletionHooks.register('cascade', async (m, accountIds) => {
      await m.delete(UserAccountEntity, { accountId: In(accountIds) });
    });
  }
}
