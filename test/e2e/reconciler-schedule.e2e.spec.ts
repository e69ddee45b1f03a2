import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { nextNumber, ok } from '../factories/tenant';
import { FaultyTelephonyProvider } from '../helpers/faulty-provider';
import { leaveCrashedClaim } from '../factories/crashed-claim';
import { startApp, TestApp } from '../helpers/test-app';

const SLOW = 120_000;

/** Waits for a condition the app reaches on its own (a background job); fails after `limitMs`. */
async function eventually(check: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function newAccount(t: TestApp): Promise<{ id: string; admin: string }> {
  const admin = await t.adminToken();
  const account = await ok(
    t.request('POST', '/accounts', { token: admin, body: { name: `A ${randomUUID()}` } }),
  );
  return { id: account.id, admin };
}

describe('the reconciler on its interval', () => {
  let t: TestApp;
  let provider: FaultyTelephonyProvider;

  beforeAll(async () => {
    provider = new FaultyTelephonyProvider();
    t = await startApp({
      provider,
      env: { RECONCILER_INTERVAL_SECONDS: '1', PROVISIONING_GRACE_SECONDS: '1' },
    });
  }, SLOW);
  afterAll(() => t?.close());

  it(
    'settles a claim left by a crashed process without being asked',
    async () => {
      const { id: accountId } = await newAccount(t);
      const endpoints = t.app.get(DataSource).getRepository(EndpointEntity);
      const number = nextNumber();
      const claimId = await leaveCrashedClaim(t, accountId, number, 'someone@test.local');
      const owned = await provider.buyOutsideService(number);
      await eventually(async () => (await endpoints.findOneByOrFail({ id: claimId })).status === 'active');
      expect(await endpoints.findOneByOrFail({ id: claimId })).toMatchObject({ phoneNumberSid: owned.sid });
      const events = await ok(
        t.request('GET', `/phone-numbers/provisioning-events?phoneNumber=${encodeURIComponent(number)}`, {
          token: await t.adminToken(),
        }),
      );
      expect(events.items).toEqual([
        expect.objectContaining({ step: 'adopted', actor: 'system:reconciler' }),
      ]);
    },
    SLOW,
  );
});

describe('a purchase that outlives the grace period', () => {
  let t: TestApp;
  let provider: FaultyTelephonyProvider;

  beforeAll(async () => {
    provider = new FaultyTelephonyProvider();
    t = await startApp({ provider, env: { PROVISIONING_GRACE_SECONDS: '0' } });
  }, SLOW);
  afterAll(() => t?.close());

  it(
    'releases the number it bought when the reconciler removed its claim meanwhile',
    async () => {
      const { id: accountId, admin } = await newAccount(t);
      const number = nextNumber();
      const hanging = provider.hangNextPurchase();
      const pending = t.request('POST', '/endpoints/phone-numbers', {
        token: admin,
        body: { accountId, number },
      });
      await hanging;
      const report = await ok(
        t.request('POST', '/phone-numbers/sync', { token: admin, body: { accountId } }),
      );
      expect(report.released).toEqual([expect.objectContaining({ phoneNumber: number })]);
      provider.finishHangingPurchase('buy');
      const res = await pending;
      expect(res.status).toBe(503);
      expect(res.body.responseStatus.errorCode).toBe('ProvisioningFailed');
      expect(provider.purchasesOf(number)).toBe(1);
      expect(provider.owns(number)).toBe(false);
      expect(await t.app.get(DataSource).getRepository(EndpointEntity).countBy({ phoneNumber: number })).toBe(
        0,
      );
    },
    SLOW,
  );
});
