import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import twilio from 'twilio';
import { Repository } from 'typeorm';
import { AccountEntity } from '../../accounts/entities/account.entity';
import { telephonyConfig } from '../../config/telephony.config';
import { TelephonyProviderResolver } from '../telephony-provider.resolver';

/**
 * Checks `X-Twilio-Signature` on a webhook with the SDK's `validateRequest`, using the auth token of
 * the Twilio account the request says it comes from (the form's `AccountSid`): the global account's,
 * or a BYOA account's. A request from an account we hold no token for is refused.
 */
@Injectable()
export class TwilioWebhookVerifier {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly resolver: TelephonyProviderResolver,
    @Inject(telephonyConfig.KEY) private readonly config: ConfigType<typeof telephonyConfig>,
  ) {}

  async isAuthentic(
    url: string,
    signature: string | undefined,
    params: Record<string, string>,
  ): Promise<boolean> {
    if (!signature || typeof params.AccountSid !== 'string') return false;
    const authTokens = await this.authTokensFor(params.AccountSid);
    return authTokens.some((authToken) => twilio.validateRequest(authToken, signature, url, params));
  }

  /** The tokens we hold for a Twilio account: the global one, or those of the BYOA accounts using it. */
  private async authTokensFor(twilioAccountSid: string): Promise<string[]> {
    if (
      this.config.twilioAccountSid &&
      this.config.twilioAuthToken &&
      twilioAccountSid === this.config.twilioAccountSid
    )
      return [this.config.twilioAuthToken];
    const accounts = await this.accounts.findBy({ twilioAccountSid, isBYOA: true });
    return accounts.flatMap((account) => {
      try {
        return [this.resolver.authTokenOf(account)];
      } catch {
        return [];
      }
    });
  }
}
