import type { ProviderRegistration } from '../provider-registration';
import { DatabaseSandboxInventory } from './sandbox-inventory';
import { SandboxTelephonyProvider } from './sandbox.provider';

/** The offline sandbox, its inventory kept in the database; it takes no credentials. */
export const sandboxRegistration: ProviderRegistration = {
  id: 'sandbox',
  create: (_credentials, { dataSource }) =>
    new SandboxTelephonyProvider(new DatabaseSandboxInventory(dataSource)),
};
