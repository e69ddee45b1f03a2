import { jest } from '@jest/globals';
import type { AccountsService } from '../../src/accounts/accounts.service';
import type { Principal } from '../../src/common/auth/principal';
import { Role } from '../../src/common/auth/role.enum';
import { InvalidFieldError, NotFoundError } from '../../src/common/errors/domain-errors';
import { ProviderRejectedError } from '../../src/telephony/telephony.errors';
import type { CustomersService } from '../../src/customers/customers.service';
import type { EndpointInfo } from '../../src/endpoints/dto/endpoint-info.dto';
import type { PatchEndpoint } from '../../src/endpoints/dto/patch-endpoint.dto';
import type { EndpointInfoReader } from '../../src/endpoints/endpoint-info.reader';
import type { EndpointRepository } from '../../src/endpoints/endpoint.repository';
import type { ScheduleResolver } from '../../src/schedules/schedule-resolver';
import { EndpointsService } from '../../src/endpoints/endpoints.service';
import type { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import type { FlowsService } from '../../src/flows/flows.service';
import type { TagsService } from '../../src/tags/tags.service';
import type { OwnedNumber, TelephonyProvider } from '../../src/telephony/telephony.provider';
import {
  account,
  manager,
  phoneNumberEndpoint,
  resolverFor,
  runsWith,
  transactionManager,
} from '../factories/endpoint-fixtures';
import { strictFake } from '../helpers/strict-fake';

const ANSWER = { id: 'endpoint-1', displayName: 'answer' } as EndpointInfo;

/**
 * EndpointsService.patch over strict fakes: `steps` records the repository's writes and the provider's
 * pushes in the order they happen; the provider fake answers only what `provider` stubs.
 */
function setup(
  options: {
    endpoint?: EndpointEntity;
    provider?: Partial<TelephonyProvider>;
    flows?: Partial<FlowsService>;
    customers?: Partial<CustomersService>;
    tags?: Partial<TagsService>;
    lockedRow?: EndpointEntity | null;
    steps?: string[];
  } = {},
) {
  const endpoint = options.endpoint ?? phoneNumberEndpoint();
  const m = transactionManager();
  const steps = options.steps ?? [];
  const update = jest.fn(async (..._args: Parameters<EndpointRepository['update']>) => {
    steps.push('update');
  });
  const endpoints = strictFake<EndpointRepository>('EndpointRepository', {
    findVisible: jest.fn(async () => endpoint),
    transaction: runsWith(m),
    lockForUpdate: jest.fn(async () => (options.lockedRow === undefined ? endpoint : options.lockedRow)),
    update,
  });
  const provider = strictFake<TelephonyProvider>('TelephonyProvider', options.provider);
  const { resolver, forAccount } = resolverFor(provider);
  const requireAllInAccount = jest.fn(async () => undefined);
  const infos = strictFake<EndpointInfoReader>('EndpointInfoReader', {
    findVisible: jest.fn(async () => ANSWER),
  });
  const service = new EndpointsService(
    endpoints,
    strictFake<AccountsService>('AccountsService', { findVisible: jest.fn(async () => account()) }),
    strictFake<CustomersService>('CustomersService', options.customers),
    strictFake<TagsService>('TagsService', options.tags),
    strictFake<FlowsService>('FlowsService', { requireAllInAccount, ...options.flows }),
    resolver,
    infos,
    strictFake<ScheduleResolver>('ScheduleResolver'),
  );
  return { service, endpoint, m, update, forAccount, requireAllInAccount, infos };
}

const pushing = (steps: string[]) =>
  jest.fn(async (..._args: Parameters<TelephonyProvider['updateNumber']>) => {
    steps.push('push');
    return {} as OwnedNumber;
  });

describe('EndpointsService.patch', () => {
  it("pushes a bought number's new display name to the provider, after writing the row, in the same transaction", async () => {
    const steps: string[] = [];
    const updateNumber = pushing(steps);
    const s = setup({ provider: { updateNumber }, steps });

    await expect(s.service.patch(manager(), 'endpoint-1', { displayName: 'Front desk' })).resolves.toBe(
      ANSWER,
    );

    expect(updateNumber).toHaveBeenCalledWith('PN0001', { friendlyName: 'Front desk' });
    expect(s.update).toHaveBeenCalledWith(
      s.m,
      s.endpoint,
      expect.objectContaining({ displayName: 'Front desk', lastModifiedBy: 'manager@test.local' }),
      undefined,
      ['displayName'],
    );
    expect(steps).toEqual(['update', 'push']);
  });

  it("pushes the address and the emergency settings under the provider's names, and stores them in the settings", async () => {
    const updateNumber = pushing([]);
    const s = setup({
      endpoint: phoneNumberEndpoint({ settings: { callerIdName: 'Kept' } }),
      provider: { updateNumber },
    });

    await s.service.patch(manager(), 'endpoint-1', {
      addressSid: 'AD1',
      emergencyAddressSid: 'AD2',
      enableEmergencyCalling: true,
    });

    expect(updateNumber).toHaveBeenCalledWith('PN0001', {
      addressSid: 'AD1',
      emergencyAddressSid: 'AD2',
      emergencyCallingEnabled: true,
    });
    const changes = s.update.mock.calls[0][2];
    expect(changes.addressSid).toBe('AD1');
    expect(changes.settings).toEqual({
      callerIdName: 'Kept',
      emergencyAddressSid: 'AD2',
      enableEmergencyCalling: true,
    });
  });

  it('changes only the database for what the provider does not hold: flow, data, reference, caller-ID name, tags', async () => {
    const requireInAccount = jest.fn(async () => []);
    const s = setup({ tags: { requireInAccount } });
    const dto: PatchEndpoint = {
      flowId: 'flow-1',
      flowParams: { greeting: { stringValue: 'hi' } },
      referenceId: 'ref-1',
      data: { crm: { stringValue: 'x' } },
      callerIdName: 'Sales',
      tagIds: ['tag-1'],
    };

    await s.service.patch(manager(), 'endpoint-1', dto);

    expect(s.forAccount).not.toHaveBeenCalled();
    expect(s.requireAllInAccount).toHaveBeenCalledWith(manager(), 'account-1', [
      { flowId: 'flow-1', fieldName: 'flowId' },
    ]);
    expect(requireInAccount).toHaveBeenCalledWith('account-1', ['tag-1'], 'tagIds');
    const [, , changes, tagIds, changed] = s.update.mock.calls[0];
    expect(changes).toMatchObject({
      flowId: 'flow-1',
      referenceId: 'ref-1',
      settings: { callerIdName: 'Sales' },
    });
    expect(tagIds).toEqual(['tag-1']);
    expect(changed).toEqual(['flowId', 'flowParams', 'referenceId', 'data', 'callerIdName', 'tagIds']);
  });

  it.each([
    ['a virtual number', phoneNumberEndpoint({ isVirtualPhoneNumber: true, phoneNumberSid: null })],
    ['a number whose purchase has not completed', phoneNumberEndpoint({ phoneNumberSid: null })],
  ])('pushes nothing for %s: the provider does not hold it', async (_name, endpoint) => {
    const s = setup({ endpoint });
    await s.service.patch(manager(), 'endpoint-1', { displayName: 'Front desk' });
    expect(s.update).toHaveBeenCalledTimes(1);
    expect(s.forAccount).not.toHaveBeenCalled();
  });

  it("fails with the provider's refusal, from inside the transaction (which then rolls the write back)", async () => {
    const refusal = new ProviderRejectedError('friendly name too long');
    const s = setup({
      provider: {
        updateNumber: async () => {
          throw refusal;
        },
      },
    });

    await expect(s.service.patch(manager(), 'endpoint-1', { displayName: 'x'.repeat(65) })).rejects.toBe(
      refusal,
    );
    expect(s.update).toHaveBeenCalledTimes(1);
    expect(s.infos.findVisible).not.toHaveBeenCalled();
  });

  it('refuses a flow of another account before writing anything', async () => {
    const wrong = new InvalidFieldError('flowId', 'NotFound', 'flowId: no such flow in the account');
    const s = setup({
      flows: {
        requireAllInAccount: async () => {
          throw wrong;
        },
      },
    });
    await expect(s.service.patch(manager(), 'endpoint-1', { flowId: 'elsewhere' })).rejects.toBe(wrong);
    expect(s.update).not.toHaveBeenCalled();
  });

  it('lets no Customer-role caller move an endpoint out of its subtree (customerId null)', async () => {
    const customer: Principal = manager({
      roles: [Role.Customer],
      customerId: 'customer-1',
      customerPath: '/customer-1/',
    });
    const s = setup();
    await expect(s.service.patch(customer, 'endpoint-1', { customerId: null })).rejects.toMatchObject({
      errorCode: 'NotAllowed',
    });
    expect(s.update).not.toHaveBeenCalled();
  });

  it('answers 404 for an endpoint deleted between the read and the lock, writing and pushing nothing', async () => {
    const s = setup({ lockedRow: null });
    await expect(s.service.patch(manager(), 'endpoint-1', { displayName: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(s.update).not.toHaveBeenCalled();
    expect(s.forAccount).not.toHaveBeenCalled();
  });
});
