import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccountEntity } from '../accounts/entities/account.entity';
import { ForbiddenError } from '../common/errors/domain-errors';
import { ProviderUnavailableError } from './telephony.errors';
import { SecretBoxProvider } from '../security/secret-box.provider';
import { telephonyConfig } from './telephony.config';

/** What telephony reads of an account: whether it brings its own provider account, and that account's credentials. */
export type ProviderAccount = Pick<
  AccountEntity,
  'id' | 'twilioAccountSid' | 'twilioAuthTokenEncrypted' | 'isBYOA'
>;

/** An account at a provider: the provider's id in the registry ('twilio') and the account's id there. */
export interface ProviderAccountRef {
  providerId: string;
  accountId: string;
}

/** What a provider adapter is built with: the provider account and its secret. */
export interface ProviderCredentials extends ProviderAccountRef {
  authToken: string;
}

/**
 * The one place that reads provider credentials: the service's global account (TWILIO_ACCOUNT_SID /
 * TWILIO_AUTH_TOKEN) and the own accounts of bring-your-own-account (BYOA) tenants, whose columns
 * (`twilioAccountSid`, `twilioAuthTokenEncrypted`) are the accounts table's. Own accounts are Twilio
 * accounts: the only provider a tenant can bring today.
 */
@Injectable()
export class ProviderCredentialsReader {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly secrets: SecretBoxProvider,
    @Inject(telephonyConfig.KEY) private readonly config: ConfigType<typeof telephonyConfig>,
  ) {}

  /** The service's own provider account, or null when none is configured (the sandbox serves). */
  global(): ProviderCredentials | null {
    const { twilioAccountSid, twilioAuthToken } = this.config;
    return twilioAccountSid && twilioAuthToken
      ? { providerId: 'twilio', accountId: twilioAccountSid, authToken: twilioAuthToken }
      : null;
  }

  /** Why the global configuration cannot be used (for the readiness check), or null. */
  configurationProblem(): string | null {
    return Boolean(this.config.twilioAccountSid) !== Boolean(this.config.twilioAuthToken)
      ? 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together'
      : null;
  }

  /** Changes whenever a BYOA account's stored credentials change (without decrypting them). */
  fingerprint(account: ProviderAccount): string {
    return `${account.twilioAccountSid}:${account.twilioAuthTokenEncrypted}`;
  }

  /** A BYOA account's own provider credentials, decrypted. */
  ownCredentials(account: ProviderAccount): ProviderCredentials {
    const box = this.secrets.box;
    if (!account.twilioAccountSid || !account.twilioAuthTokenEncrypted || !box)
      throw new ProviderUnavailableError(
        `account ${account.id} brings its own Twilio account but its credentials are missing or cannot be decrypted`,
        true,
      );
    try {
      const authToken = box.decrypt(account.twilioAuthTokenEncrypted, account.id);
      return { providerId: 'twilio', accountId: account.twilioAccountSid, authToken };
    } catch {
      throw new ProviderUnavailableError(
        `the Twilio credentials of account ${account.id} cannot be decrypted`,
        true,
      );
    }
  }

  /** The auth tokens we hold for a provider account: the global one's, or those of the BYOA accounts using it. */
  async authTokensOf({ providerId, accountId }: ProviderAccountRef): Promise<string[]> {
    const global = this.global();
    if (global && global.providerId === providerId && global.accountId === accountId)
      return [global.authToken];
    if (providerId !== 'twilio') return [];
    const accounts = await this.accounts.findBy({ twilioAccountSid: accountId, isBYOA: true });
    return accounts.flatMap((account) => {
      try {
        return [this.ownCredentials(account).authToken];
      } catch {
        return [];
      }
    });
  }

  /**
   * Refuses (403) a provider's report about one of `account`'s numbers unless it comes from the provider
   * account that serves it: a BYOA tenant, who knows its own auth token, must not be able to report on
   * another tenant's number.
   */
  assertServes(account: ProviderAccount | null, reporter: ProviderAccountRef): void {
    const serving = account?.isBYOA
      ? account.twilioAccountSid && { providerId: 'twilio', accountId: account.twilioAccountSid }
      : this.global();
    if (!serving || serving.providerId !== reporter.providerId || serving.accountId !== reporter.accountId)
      throw new ForbiddenError('This webhook is not signed by the Twilio account of the endpoint');
  }
}
