import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { AccountEntity } from '../../src/accounts/entities/account.entity';
import type { Principal } from '../../src/common/auth/principal';
import { Role } from '../../src/common/auth/role.enum';
import { EndpointTypes, UserModes } from '../../src/contract/endpoint.enums';
import type { EndpointRepository } from '../../src/endpoints/endpoint.repository';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import type { ProviderAccount } from '../../src/telephony/provider-credentials';
import type { TelephonyProvider } from '../../src/telephony/telephony.provider';
import type { TelephonyProviderResolver } from '../../src/telephony/telephony-provider.resolver';
import { strictFake } from '../helpers/strict-fake';

/** Rows and callers for service unit tests, which construct the services with `new` over strict fakes. */

export const ACCOUNT_ID = 'account-1';

export const manager = (overrides: Partial<Principal> = {}): Principal => ({
  userId: 'user-1',
  emailAddress: 'manager@test.local',
  firstName: null,
  lastName: null,
  roles: [Role.Manager],
  accountIds: [ACCOUNT_ID],
  customerId: null,
  customerPath: null,
  sessionId: null,
  authMethod: 'api-key',
  ...overrides,
});

export const account = (overrides: Partial<AccountEntity> = {}): AccountEntity =>
  ({
    id: ACCOUNT_ID,
    name: 'Account',
    parentAccountId: null,
    ancestorIds: [],
    maxPhoneNumbers: null,
    twilioAccountSid: null,
    twilioAuthTokenEncrypted: null,
    isBYOA: false,
    ...overrides,
  }) as AccountEntity;

/** A phone number bought at the provider (active, with its SID), unless overridden. */
export const phoneNumberEndpoint = (overrides: Partial<EndpointEntity> = {}): EndpointEntity =>
  Object.assign(new EndpointEntity(), {
    id: 'endpoint-1',
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateLastModified: '2026-01-01T00:00:00.000Z',
    createdBy: 'manager@test.local',
    lastModifiedBy: 'manager@test.local',
    accountId: ACCOUNT_ID,
    customerId: null,
    type: EndpointTypes.PhoneNumber,
    status: 'active',
    displayName: '+15005550006',
    referenceId: null,
    phoneNumber: '+15005550006',
    phoneNumberSid: 'PN0001',
    isVirtualPhoneNumber: false,
    addressSid: null,
    flowId: null,
    flowParams: null,
    data: null,
    userMode: UserModes.SoftPhone,
    sipUserName: null,
    settings: null,
    ...overrides,
  });

/** A resolver that answers `provider` for any account; `forAccount` records which accounts it was asked for. */
export function resolverFor(provider: TelephonyProvider) {
  const forAccount = jest.fn((_account: ProviderAccount) => provider);
  return {
    resolver: strictFake<TelephonyProviderResolver>('TelephonyProviderResolver', { forAccount }),
    forAccount,
  };
}

/** The manager of the (fake) transaction: opaque to the services, which only pass it to the repository. */
export const transactionManager = (): EntityManager => strictFake<EntityManager>('EntityManager');

/** EndpointRepository.transaction over a fake: runs the work at once with `m`, passing its error on. */
export const runsWith =
  (m: EntityManager): EndpointRepository['transaction'] =>
  (work) =>
    work(m);
