import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { telephonyConfig } from './telephony.config';
import type { ProviderCredentials } from './provider-credentials';
import type { ProviderDependencies, ProviderRegistration } from './provider-registration';
import { sandboxRegistration } from './sandbox/sandbox.registration';
import type { TelephonyProvider } from './telephony.provider';
import { twilioRegistration } from './twilio/twilio.registration';

/** Every provider the service can talk to. A new provider is a folder beside these and a line here. */
const REGISTRATIONS: readonly ProviderRegistration[] = [sandboxRegistration, twilioRegistration];

/** Builds provider adapters by provider id, for the global provider and for BYOA accounts. */
@Injectable()
export class TelephonyProviderRegistry {
  private readonly registrations = new Map(REGISTRATIONS.map((r) => [r.id, r]));
  private readonly deps: ProviderDependencies;

  constructor(
    @Inject(telephonyConfig.KEY) config: ConfigType<typeof telephonyConfig>,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.deps = { config, dataSource };
  }

  create(providerId: string, credentials: ProviderCredentials | null): TelephonyProvider {
    const registration = this.registrations.get(providerId);
    if (!registration) throw new Error(`No telephony provider is registered as '${providerId}'`);
    return registration.create(credentials, this.deps);
  }
}
