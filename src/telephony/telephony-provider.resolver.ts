import { Injectable } from '@nestjs/common';
import { Metrics } from '../metrics/metrics';
import { ProviderAccount, ProviderCredentialsReader } from './provider-credentials';
import { TelephonyProviderRegistry } from './provider-registry';
import { TelephonyProvider } from './telephony.provider';

/**
 * Picks the provider an account's numbers are bought through: the account's own provider account when
 * it brings one (BYOA), built by the registry from its credentials, otherwise the service's default
 * provider (the global account's, or the sandbox when none is configured).
 */
@Injectable()
export class TelephonyProviderResolver {
  /** One adapter (one SDK client) per BYOA account, replaced when the account's credentials change. */
  private readonly byoaProviders = new Map<string, { credentialsKey: string; provider: TelephonyProvider }>();

  constructor(
    private readonly defaultProvider: TelephonyProvider,
    private readonly credentials: ProviderCredentialsReader,
    private readonly registry: TelephonyProviderRegistry,
    private readonly metrics: Metrics,
  ) {}

  forAccount(account: ProviderAccount): TelephonyProvider {
    if (!account.isBYOA) return this.metrics.measured(this.defaultProvider);
    const credentialsKey = this.credentials.fingerprint(account);
    const cached = this.byoaProviders.get(account.id);
    if (cached?.credentialsKey === credentialsKey) return cached.provider;
    const own = this.credentials.ownCredentials(account);
    const provider = this.metrics.measured(this.registry.create(own.providerId, own));
    this.byoaProviders.set(account.id, { credentialsKey, provider });
    return provider;
  }
}
