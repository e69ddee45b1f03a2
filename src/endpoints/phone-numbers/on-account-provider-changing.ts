import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountsService } from '../../accounts/accounts.service';
import { ConflictError } from '../../common/errors/domain-errors';
import { EndpointRepository } from '../endpoint.repository';
import { ProvisioningStore } from './provisioning/provisioning-store';

/**
 * What a change of an account's provider account means for phone numbers: numbers are bought in one
 * provider account (the service's, or the account's own Twilio account), so while the account holds any
 * there (bought, not virtual, not doNotTouchPhoneNumber; being bought; or orphaned awaiting release),
 * switching would send their updates and releases to a provider account that does not know them: a 409
 * naming the field.
 */
@Injectable()
export class PhoneNumbersOnAccountProviderChanging implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly endpoints: EndpointRepository,
    private readonly provisioning: ProvisioningStore,
  ) {}

  onModuleInit(): void {
    this.accounts.providerAccountChangeChecks.register((m, accountId, fieldName) =>
      this.react(m, accountId, fieldName),
    );
  }

  private async react(m: EntityManager, accountId: string, fieldName: string): Promise<void> {
    const held =
      (await this.endpoints.countNumbersHeld(m, accountId)) +
      (await this.provisioning.countUnreleasedOrphans(m, accountId));
    if (held > 0)
      throw new ConflictError(
        'AccountHoldsNumbers',
        `${fieldName} cannot change while the account holds ${held} number(s) bought through its ` +
          'current provider account: release them (delete their endpoints) first, or mark them ' +
          'doNotTouchPhoneNumber to keep them outside the service',
        fieldName,
      );
  }
}
