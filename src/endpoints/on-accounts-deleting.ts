import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { ConflictError } from '../common/errors/domain-errors';
import { EndpointRepository } from './endpoint.repository';

/**
 * What deleting an account means for endpoints: a 409 while it has any, checked before the account's
 * customers, flows and tags are deleted. Endpoints are deleted one by one first (DELETE
 * /endpoints/{id}), so that bought numbers are released at the provider.
 */
@Injectable()
export class EndpointsOnAccountsDeleting implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly endpoints: EndpointRepository,
  ) {}

  onModuleInit(): void {
    this.accounts.deletionHooks.register('check', (m, accountIds) => this.react(m, accountIds));
  }

  private async react(m: EntityManager, accountIds: string[]): Promise<void> {
    const held = await this.endpoints.countReferring(m, 'accountId', accountIds);
    if (held > 0)
      throw new ConflictError(
        'AccountHasEndpoints',
        `The account still has ${held} endpoint(s); delete them first (bought numbers are released then)`,
      );
  }
}
