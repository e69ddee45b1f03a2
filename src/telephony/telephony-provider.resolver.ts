import { Injectable } from '@nestjs/common';
import type { AccountEntity } from '../accounts/entities/account.entity';
import { TelephonyProvider } from './telephony.provider';

/**
 * Picks the provider an account's numbers are bought through. One place to decide it, so that
 * per-account (bring-your-own-account) credentials can be added without touching callers.
 */
@Injectable()
export class TelephonyProviderResolver {
  constructor(private readonly defaultProvider: TelephonyProvider) {}

  forAccount(_account: Pick<AccountEntity, 'id' | 'twilioAccountSid' | 'isBYOA'>): TelephonyProvider {
    return this.defaultProvider;
  }
}
