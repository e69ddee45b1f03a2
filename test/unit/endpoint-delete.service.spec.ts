import { jest } from '@jest/globals';
import type { AccountsService } from '../../src/accounts/accounts.service';
import { ConflictError, NotFoundError } from '../../src/common/errors/domain-errors';
import { NumberNotAtProviderError } from '../../src/telephony/telephony.errors';
import type { CustomersService } from '../../src/customers/customers.service';
import { DeletionHooks } from '../../src/database/deletion-hooks';
import type { EndpointInfoReader } from '../../src/endpoints/endpoint-info.reader';
import type { EndpointRepository } from '../../src/endpoints/endpoint.repository';
import type { ScheduleResolver } from '../../src/schedules/schedule-resolver';
import { EndpointsService } from '../../src/endpoints/endpoints.service';
import type { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { EndpointsOnCustomersDeleting } from '../../src/endpoints/on-customers-deleting';
import { EndpointsOnFlowsDeleting } from '../../src/endpoints/on-flows-deleting';
import type { FlowsService } from '../../src/flows/flows.service';
import type { TagsService } from '../../src/tags/tags.service';
import type { TelephonyProvider } from '../../src/telephony/telephony.provider';
import {
  account,
  manager,
  phoneNumberEndpoint,
  resolverFor,
  runsWith,
  transactionManager,
} from '../factories/endpoint-fixtures';
import { strictFake } from '../helpers/strict-fake';

/**
 * EndpointsService.delete over strict fakes: `steps` records the repository's delete and the
 * provider's release in the order they happen.
 */
function setup(
  options: {
    endpoint?: EndpointEntity;
    lockedRow?: EndpointEntity | null;
    deleted?: boolean;
    releaseNumber?: TelephonyProvider['releaseNumber'];
  } = {},
) {
  const endpoint = options.endpoint ?? phoneNumberEndpoint();
  const m = transactionManager();
  const steps: string[] = [];
  const remove = jest.fn(async (..._args: Parameters<EndpointRepository['delete']>) => {
    steps.push('delete');
    return options.deleted ?? true;
  });
  const endpoints = strictFake<EndpointRepository>('EndpointRepository', {
    findVisible: jest.fn(async () => endpoint),
    transaction: runsWith(m),
    lockForUpdate: jest.fn(async () => (options.lockedRow === undefined ? endpoint : options.lockedRow)),
    delete: remove,
  });
  const releaseNumber = jest.fn(async (sid: string) => {
    steps.push(`release ${sid}`);
    await options.releaseNumber?.(sid);
  });
  const { resolver, forAccount } = resolverFor(
    strictFake<TelephonyProvider>('TelephonyProvider', { releaseNumber }),
  );
  const service = new EndpointsService(
    endpoints,
    strictFake<AccountsService>('AccountsService', { findVisible: jest.fn(async () => account()) }),
    strictFake<CustomersService>('CustomersService'),
    strictFake<TagsService>('TagsService'),
    strictFake<FlowsService>('FlowsService'),
    resolver,
    strictFake<EndpointInfoReader>('EndpointInfoReader'),
    strictFake<ScheduleResolver>('ScheduleResolver'),
  );
  return { service, endpoints, endpoint, m, steps, remove, forAccount };
}

describe('EndpointsService.delete', () => {
  it('deletes a bought number and releases it at the provider, inside the transaction', async () => {
    const s = setup();
    await s.service.delete(manager(), 'endpoint-1');
    expect(s.remove).toHaveBeenCalledWith(s.m, s.endpoint);
    expect(s.steps).toEqual(['delete', 'release PN0001']);
  });

  it.each([
    ['a virtual number', phoneNumberEndpoint({ isVirtualPhoneNumber: true, phoneNumberSid: null })],
    [
      'a number marked doNotTouchPhoneNumber',
      phoneNumberEndpoint({ settings: { doNotTouchPhoneNumber: true } }),
    ],
  ])('only removes %s: nothing is released', async (_name, endpoint) => {
    const s = setup({ endpoint });
    await s.service.delete(manager(), 'endpoint-1');
    expect(s.steps).toEqual(['delete']);
    expect(s.forAccount).not.toHaveBeenCalled();
  });

  it('refuses a number still being bought (409 EndpointProvisioning), deleting and releasing nothing', async () => {
    const s = setup({ endpoint: phoneNumberEndpoint({ status: 'provisioning', phoneNumberSid: null }) });
    const refusal = s.service.delete(manager(), 'endpoint-1');
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ errorCode: 'EndpointProvisioning' });
    expect(s.steps).toEqual([]);
  });

  it("fails with the provider's refusal to release, after the delete in the same transaction (which rolls it back)", async () => {
    const refusal = new NumberNotAtProviderError('PN0001');
    const s = setup({
      releaseNumber: async () => {
        throw refusal;
      },
    });
    await expect(s.service.delete(manager(), 'endpoint-1')).rejects.toBe(refusal);
    expect(s.steps).toEqual(['delete', 'release PN0001']);
  });

  it('answers 404 for an endpoint the caller may not see, opening no transaction', async () => {
    const s = setup();
    (s.endpoints.findVisible as jest.Mock<EndpointRepository['findVisible']>).mockResolvedValueOnce(null);
    await expect(s.service.delete(manager(), 'endpoint-1')).rejects.toBeInstanceOf(NotFoundError);
    expect(s.steps).toEqual([]);
  });

  it.each([
    ['gone when locked (a concurrent delete committed first)', { lockedRow: null }],
    ['gone when deleted', { deleted: false }],
  ])('answers 404, releasing nothing, for a row %s', async (_name, options) => {
    const s = setup(options);
    await expect(s.service.delete(manager(), 'endpoint-1')).rejects.toBeInstanceOf(NotFoundError);
    expect(s.forAccount).not.toHaveBeenCalled();
  });
});

describe('what endpoints refer to, deleted', () => {
  const m = transactionManager();

  it('a flow that endpoints run or schedule: 409 FlowInUse unless detached, then they let go of it', async () => {
    const hooks = new DeletionHooks();
    const detach = jest.fn(async () => undefined);
    const replaceSettings = jest.fn(async () => undefined);
    const scheduling = {
      id: 'endpoint-2',
      flowId: null,
      settings: { scheduledFlows: [{ flowId: 'flow-1' }, { flowId: 'flow-9' }] },
    } as Pick<EndpointEntity, 'id' | 'flowId' | 'settings'>;
    const endpoints = strictFake<EndpointRepository>('EndpointRepository', {
      countReferring: jest.fn(async () => 1),
      mentioningFlows: jest.fn(async () => [scheduling]),
      detach,
      replaceSettings,
    });
    new EndpointsOnFlowsDeleting(
      strictFake<FlowsService>('FlowsService', { deletionHooks: hooks }),
      endpoints,
    ).onModuleInit();

    await expect(hooks.run(m, ['flow-1'], { force: false })).rejects.toMatchObject({
      errorCode: 'FlowInUse',
      message: expect.stringContaining('2 endpoint(s)'),
    });
    expect(detach).not.toHaveBeenCalled();

    await hooks.run(m, ['flow-1'], { force: true });
    expect(detach).toHaveBeenCalledWith(m, 'flowId', ['flow-1']);
    expect(replaceSettings).toHaveBeenCalledWith(m, 'endpoint-2', { scheduledFlows: [{ flowId: 'flow-9' }] });
  });

  it('customers holding endpoints: 409 CustomerHasEndpoints unless cascading, then the endpoints stay without one', async () => {
    const hooks = new DeletionHooks();
    const detach = jest.fn(async () => undefined);
    const endpoints = strictFake<EndpointRepository>('EndpointRepository', {
      countReferring: jest.fn(async () => 3),
      detach,
    });
    new EndpointsOnCustomersDeleting(
      strictFake<CustomersService>('CustomersService', { deletionHooks: hooks }),
      endpoints,
    ).onModuleInit();

    await expect(hooks.run(m, ['customer-1'], { force: false })).rejects.toMatchObject({
      errorCode: 'CustomerHasEndpoints',
    });
    expect(detach).not.toHaveBeenCalled();
    await hooks.run(m, ['customer-1'], { force: true });
    expect(detach).toHaveBeenCalledWith(m, 'customerId', ['customer-1']);
  });
});
