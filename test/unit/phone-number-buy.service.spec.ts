import { jest } from '@jest/globals';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AccountsService } from '../../src/accounts/accounts.service';
import type { AccountEntity } from '../../src/accounts/entities/account.entity';
import { Role } from '../../src/common/auth/role.enum';
import { InvalidFieldError } from '../../src/common/errors/domain-errors';
import { NumberUnavailableError, ProviderUnavailableError } from '../../src/telephony/telephony.errors';
import {
  PhoneNumberAlreadyExistsError,
  PhoneNumberQuotaExceededError,
  ProvisioningFailedError,
} from '../../src/endpoints/phone-numbers/phone-number.errors';
import type { appConfig } from '../../src/config/app.config';
import type { provisioningConfig } from '../../src/config/provisioning.config';
import type { CustomersService } from '../../src/customers/customers.service';
import type { TransactionRunner } from '../../src/database/transaction-runner';
import type { EndpointInfo } from '../../src/endpoints/dto/endpoint-info.dto';
import { EndpointTypes } from '../../src/contract/endpoint.enums';
import type { EndpointInfoReader } from '../../src/endpoints/endpoint-info.reader';
import type { EndpointRepository } from '../../src/endpoints/endpoint.repository';
import type { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { PhoneNumberBuyService } from '../../src/endpoints/phone-numbers/phone-number-buy.service';
import { PhoneNumberProvisioner } from '../../src/endpoints/phone-numbers/provisioning/phone-number-provisioner';
import { ProvisioningStore } from '../../src/endpoints/phone-numbers/provisioning/provisioning-store';
import type { ProvisioningEventEntity } from '../../src/endpoints/phone-numbers/provisioning/entities/provisioning-event.entity';
import type { FlowsService } from '../../src/flows/flows.service';
import type { TagsService } from '../../src/tags/tags.service';
import type { OwnedNumber, TelephonyProvider } from '../../src/telephony/telephony.provider';
import { account, manager, phoneNumberEndpoint, resolverFor } from '../factories/endpoint-fixtures';
import { strictFake } from '../helpers/strict-fake';

type AppConfig = ConfigType<typeof appConfig>;
type ProvisioningConfig = ConfigType<typeof provisioningConfig>;

const TRACE = { requestId: 'request-1', idempotencyKey: 'key-1' };
const ACTOR = { name: 'manager@test.local', ...TRACE };
const owned = (sid: string): OwnedNumber => ({
  sid,
  phoneNumber: '+15005550006',
  friendlyName: null,
  voiceUrl: null,
  smsUrl: null,
  addressSid: null,
  emergencyAddressSid: null,
});

/** A claim as BuyPhoneNumber makes it: `provisioning` until bought, `active` at once when virtual. */
const claim = (virtual = false): EndpointEntity =>
  phoneNumberEndpoint({
    status: virtual ? 'active' : 'provisioning',
    phoneNumberSid: null,
    isVirtualPhoneNumber: virtual,
  });

describe('PhoneNumberBuyService.buy', () => {
  function setup() {
    const provision = jest.fn(async (_a: AccountEntity, endpoint: EndpointEntity) => endpoint);
    const answer = { id: 'answer' } as EndpointInfo;
    const byIds = jest.fn(async () => [answer]);
    const service = new PhoneNumberBuyService(
      strictFake<AccountsService>('AccountsService', { resolveForCaller: jest.fn(async () => account()) }),
      strictFake<CustomersService>('CustomersService', { findInAccount: jest.fn(async () => ({})) as never }),
      strictFake<TagsService>('TagsService', {
        requireInAccount: jest.fn(async () => [{ id: 'tag-1' }]) as never,
      }),
      strictFake<FlowsService>('FlowsService', { requireAllInAccount: jest.fn(async () => undefined) }),
      strictFake<PhoneNumberProvisioner>('PhoneNumberProvisioner', { provision }),
      strictFake<EndpointInfoReader>('EndpointInfoReader', { byIds }),
    );
    return { service, provision, byIds, answer };
  }

  it('hands a virtual number to provisioning already active, and answers its EndpointInfo', async () => {
    const s = setup();
    await expect(
      s.service.buy(
        manager(),
        { number: '+1 (500) 555-0006', isVirtualPhoneNumber: true, tagIds: ['tag-1'] },
        TRACE,
      ),
    ).resolves.toBe(s.answer);
    const [, endpoint, tagIds, trace] = s.provision.mock.calls[0] as unknown as [
      AccountEntity,
      EndpointEntity,
      string[],
      typeof TRACE,
    ];
    expect(endpoint).toMatchObject({
      accountId: 'account-1',
      phoneNumber: '+15005550006',
      displayName: '+15005550006',
      status: 'active',
      isVirtualPhoneNumber: true,
      type: EndpointTypes.PhoneNumber,
      createdBy: 'manager@test.local',
    });
    expect(tagIds).toEqual(['tag-1']);
    expect(trace).toBe(TRACE);
    expect(s.byIds).toHaveBeenCalledWith([endpoint.id]);
  });

  it('claims a number to buy as `provisioning`, a fax number as FaxNumber', async () => {
    const s = setup();
    await s.service.buy(manager(), { number: '+15005550006', isFaxNumber: true }, TRACE);
    expect(s.provision.mock.calls[0][1]).toMatchObject({
      status: 'provisioning',
      isVirtualPhoneNumber: false,
      type: EndpointTypes.FaxNumber,
    });
  });

  it("puts a Customer-role caller's number in its own customer when it names none", async () => {
    const s = setup();
    const customer = manager({
      roles: [Role.Customer],
      customerId: 'customer-1',
      customerPath: '/customer-1/',
    });
    await s.service.buy(customer, { number: '+15005550006', isVirtualPhoneNumber: true }, TRACE);
    expect(s.provision.mock.calls[0][1].customerId).toBe('customer-1');
  });

  it('refuses a number that is not one before looking anything up', async () => {
    const s = setup();
    await expect(s.service.buy(manager(), { number: 'not a number' }, TRACE)).rejects.toBeInstanceOf(
      InvalidFieldError,
    );
    expect(s.provision).not.toHaveBeenCalled();
  });
});

describe('ProvisioningStore.claim: the phone-number quota and the unique number', () => {
  function setup(options: { taken?: boolean; held?: number } = {}) {
    const steps: string[] = [];
    const inserted: ProvisioningEventEntity[] = [];
    const m = strictFake<EntityManager>('EntityManager', {
      insert: jest.fn(async (_target: unknown, event: ProvisioningEventEntity) => {
        inserted.push(event);
        steps.push(`audit ${event.step}`);
        return {} as never;
      }) as EntityManager['insert'],
    });
    const tx = strictFake<TransactionRunner>('TransactionRunner', {
      run: ((work: (m: EntityManager) => Promise<unknown>) => work(m)) as TransactionRunner['run'],
      lock: jest.fn(async (_m: EntityManager, _entity: unknown, id: string) => {
        steps.push(`lock account ${id}`);
      }),
    });
    const countBoughtNumbers = jest.fn(async () => {
      steps.push('count');
      return options.held ?? 0;
    });
    const endpoints = strictFake<EndpointRepository>('EndpointRepository', {
      phoneNumberTaken: jest.fn(async () => options.taken ?? false),
      countBoughtNumbers,
      insert: jest.fn(async () => void steps.push('insert')),
      recordCreated: jest.fn(async () => void steps.push('endpoint.created')),
    });
    return { store: new ProvisioningStore(tx, endpoints), steps, inserted, countBoughtNumbers };
  }

  it('counts the held numbers under the account lock, and claims while below the quota', async () => {
    const s = setup({ held: 2 });
    await s.store.claim(account({ maxPhoneNumbers: 3 }), claim(), ['tag-1'], ACTOR);
    expect(s.steps).toEqual(['lock account account-1', 'count', 'insert', 'audit claimed']);
    expect(s.inserted[0]).toMatchObject({ step: 'claimed', requestId: 'request-1', idempotencyKey: 'key-1' });
  });

  it('refuses a number to buy at the quota (409), inserting nothing', async () => {
    const s = setup({ held: 3 });
    await expect(s.store.claim(account({ maxPhoneNumbers: 3 }), claim(), [], ACTOR)).rejects.toBeInstanceOf(
      PhoneNumberQuotaExceededError,
    );
    expect(s.steps).toEqual(['lock account account-1', 'count']);
  });

  it('neither counts nor refuses a virtual number at the quota: it is recorded, and announced at once', async () => {
    const s = setup({ held: 3 });
    await s.store.claim(account({ maxPhoneNumbers: 3 }), claim(true), [], ACTOR);
    expect(s.countBoughtNumbers).not.toHaveBeenCalled();
    expect(s.steps).toEqual(['lock account account-1', 'insert', 'endpoint.created']);
  });

  it('counts nothing for an account without a quota', async () => {
    const s = setup({ held: 1000 });
    await s.store.claim(account({ maxPhoneNumbers: null }), claim(), [], ACTOR);
    expect(s.countBoughtNumbers).not.toHaveBeenCalled();
  });

  it('refuses a number that is already an endpoint (409), inserting nothing', async () => {
    const s = setup({ taken: true });
    await expect(s.store.claim(account(), claim(), [], ACTOR)).rejects.toBeInstanceOf(
      PhoneNumberAlreadyExistsError,
    );
    expect(s.steps).toEqual(['lock account account-1']);
  });
});

describe('PhoneNumberProvisioner.provision: buying at the provider', () => {
  const app = { publicBaseUrl: 'http://127.0.0.1:3000' } as AppConfig;
  const config = { purchaseTimeoutMs: 1000 } as ProvisioningConfig;

  function setup(provider: Partial<TelephonyProvider>, store: Partial<ProvisioningStore> = {}) {
    const claimed = jest.fn(async () => undefined);
    const activate = jest.fn(async () => true);
    const removeClaim = jest.fn(async () => true);
    const fakeStore = strictFake<ProvisioningStore>('ProvisioningStore', {
      claim: claimed,
      activate,
      removeClaim,
      ...store,
    });
    const { resolver, forAccount } = resolverFor(
      strictFake<TelephonyProvider>('TelephonyProvider', provider),
    );
    const provisioner = new PhoneNumberProvisioner(fakeStore, resolver, app, config);
    return { provisioner, claimed, activate, removeClaim, forAccount };
  }

  it('records a virtual number without asking the provider anything', async () => {
    const s = setup({});
    const endpoint = claim(true);
    await expect(s.provisioner.provision(account(), endpoint, ['tag-1'], TRACE)).resolves.toBe(endpoint);
    expect(s.claimed).toHaveBeenCalledWith(account(), endpoint, ['tag-1'], ACTOR);
    expect(s.forAccount).not.toHaveBeenCalled();
  });

  it("buys a claimed number, pointing it at the service's webhooks, and activates it with the provider's SID", async () => {
    const purchaseNumber = jest.fn(async () => owned('PN0042'));
    const s = setup({ purchaseNumber });
    const result = await s.provisioner.provision(account(), claim(), [], TRACE);
    expect(purchaseNumber).toHaveBeenCalledWith({
      phoneNumber: '+15005550006',
      friendlyName: '+15005550006',
      addressSid: null,
      isFaxNumber: false,
      voiceUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3000\//),
      smsUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3000\//),
    });
    // The same claim object, made active once activated (the recorded argument shows it as it is now).
    expect(s.activate).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'endpoint-1' }),
      'PN0042',
      ACTOR,
      ['purchased', 'activated'],
      undefined,
    );
    expect(result).toMatchObject({ status: 'active', phoneNumberSid: 'PN0042' });
  });

  it("removes the claim when the provider refuses, and answers the provider's error", async () => {
    const refusal = new NumberUnavailableError('+15005550006');
    const s = setup({
      purchaseNumber: async () => {
        throw refusal;
      },
    });
    await expect(s.provisioner.provision(account(), claim(), [], TRACE)).rejects.toBe(refusal);
    expect(s.removeClaim).toHaveBeenCalledWith(claim(), 'purchaseFailed', ACTOR, {
      detail: refusal.message,
    });
    expect(s.activate).not.toHaveBeenCalled();
  });

  it('asks the provider after a failure that may hide a purchase, and goes on with the number it owns: no second purchase', async () => {
    const purchaseNumber = jest.fn(async (): Promise<OwnedNumber> => {
      throw new ProviderUnavailableError('connection reset');
    });
    const findOwnedNumber = jest.fn(async () => owned('PN0042'));
    const s = setup({ purchaseNumber, findOwnedNumber });
    await expect(s.provisioner.provision(account(), claim(), [], TRACE)).resolves.toMatchObject({
      phoneNumberSid: 'PN0042',
    });
    expect(purchaseNumber).toHaveBeenCalledTimes(1);
    expect(findOwnedNumber).toHaveBeenCalledWith('+15005550006');
    expect(s.activate).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'endpoint-1' }),
      'PN0042',
      ACTOR,
      ['purchased', 'activated'],
      expect.stringContaining('confirmed by the provider'),
    );
  });

  it('releases the bought number when recording it fails (compensation), and answers ProvisioningFailed', async () => {
    const releaseNumber = jest.fn(async () => undefined);
    const s = setup(
      { purchaseNumber: async () => owned('PN0042'), releaseNumber },
      {
        activate: async () => {
          throw new Error('the database connection was lost');
        },
      },
    );
    await expect(s.provisioner.provision(account(), claim(), [], TRACE)).rejects.toBeInstanceOf(
      ProvisioningFailedError,
    );
    expect(releaseNumber).toHaveBeenCalledWith('PN0042');
    expect(s.removeClaim).toHaveBeenCalledWith(claim(), 'compensated', ACTOR, {
      phoneNumberSid: 'PN0042',
      detail: 'released after: the database connection was lost',
    });
  });

  it('records the number as an orphan for the reconciler when the compensating release fails too', async () => {
    const recordOrphan = jest.fn(async () => undefined);
    const s = setup(
      {
        purchaseNumber: async () => owned('PN0042'),
        releaseNumber: async () => {
          throw new ProviderUnavailableError('outage');
        },
      },
      {
        activate: async () => {
          throw new Error('the database connection was lost');
        },
        recordOrphan,
      },
    );
    await expect(s.provisioner.provision(account(), claim(), [], TRACE)).rejects.toBeInstanceOf(
      ProvisioningFailedError,
    );
    expect(recordOrphan).toHaveBeenCalledWith(claim(), 'PN0042', ACTOR, expect.stringContaining('outage'));
    expect(s.removeClaim).not.toHaveBeenCalled();
  });

  it('succeeds without a release when the reconciler already adopted this very number', async () => {
    const s = setup(
      { purchaseNumber: async () => owned('PN0042') },
      {
        activate: async () => false,
        findClaim: async () => phoneNumberEndpoint({ status: 'active', phoneNumberSid: 'PN0042' }),
      },
    );
    await expect(s.provisioner.provision(account(), claim(), [], TRACE)).resolves.toMatchObject({
      status: 'active',
      phoneNumberSid: 'PN0042',
    });
  });
});
