import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AccountEntity } from '../accounts/entities/account.entity';
import { ProviderUnavailableError } from '../common/errors/domain-errors';
import { SecretBoxProvider } from '../common/security/secret-box.provider';
import { telephonyConfig } from '../config/telephony.config';
import { Metrics } from '../metrics/metrics';
import { TelephonyProvider } from './telephony.provider';
import { TwilioTelephonyProvider } from './twilio/twilio.provider';

export type ProviderAccount = Pick<
  AccountEntity,
  'id' | 'twilioAccountSid' | 'twilioAuthTokenEncrypted' | 'isBYOA'
>;

/**
 * Picks the provider an account's numbers are bought through: the account's own Twilio account when
 * it brings one (BYOA), otherwise the service's default provider (the global Twilio account from
 * TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN, or the sandbox when those are unset).
 */
@Injectable()
export class TelephonyProviderResolver {
  /** One SDK client per BYOA account, replaced when the account's credentials change. */
  private readonly byoaProviders = new Map<
    string,
    { credentialsKey: string; provider: TwilioTelephonyProvider }
  >();

  constructor(
    private readonly defaultProvider: TelephonyProvider,
    private readonly secrets: SecretBoxProvider,
    @Inject(telephonyConfig.KEY) private readonly config: ConfigType<typeof telephonyConfig>,
    private readonly metrics: Metrics,
  ) {}

  forAccount(account: ProviderAccount): TelephonyProvider {
    if (!account.isBYOA) return this.metrics.measured(this.defaultProvider);
    const credentialsKey = `${account.twilioAccountSid}:${account.twilioAuthTokenEncrypted}`;
    const cached = this.byoaProviders.get(account.id);
    if (cached?.credentialsKey === credentialsKey) return cached.provider;
    const provider = this.metrics.measured(
      new TwilioTelephonyProvider(
        { accountSid: account.twilioAccountSid ?? '', authToken: this.authTokenOf(account) },
        { apiBaseUrl: this.config.twilioApiBaseUrl },
      ),
    );
    this.byoaProviders.set(account.id, { credentialsKey, provider });
    return provider;
  }

  /** The BYOA account's Twilio auth token, decrypted. */
  authTokenOf(account: ProviderAccount): string {
    const box = this.secrets.box;
    if (!account.twilioAccountSid || !account.twilioAuthTokenEncrypted || !box)
      throw new ProviderUnavailableError(
        `account ${account.id} brings its own Twilio account but its credentials are missing or cannot be decrypted`,
        true,
      );
    try {
      return box.decrypt(account.twilioAuthTokenEncrypted, account.id);
    } catch {
      throw new ProviderUnavailableError(
        `the Twilio credentials of account ${account.id} cannot be decrypted`,
        true,
      );
    }
  }
}
