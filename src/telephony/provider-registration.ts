import type { ConfigType } from '@nestjs/config';
import type { DataSource } from 'typeorm';
import type { ProviderCredentials } from './provider-credentials';
import type { telephonyConfig } from './telephony.config';
import type { TelephonyProvider } from './telephony.provider';

/** What an adapter may need to be built, besides its credentials. */
export interface ProviderDependencies {
  config: ConfigType<typeof telephonyConfig>;
  dataSource: DataSource;
}

/** How one provider's adapter is built; each provider folder exports one. */
export interface ProviderRegistration {
  /** The provider's id: `ProviderCredentials.providerId` and `TelephonyProvider.name`. */
  id: string;
  /** Builds an adapter; `credentials` is null only for a provider that needs none (the sandbox). */
  create(credentials: ProviderCredentials | null, deps: ProviderDependencies): TelephonyProvider;
}
