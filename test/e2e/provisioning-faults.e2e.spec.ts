import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { LeaseEntity } from '../../src/endpoints/phone-numbers/provisioning/entities/lease.entity';
import { ProvisioningOrphanEntity } from '../../src/endpoints/phone-numbers/provisioning/entities/provisioning-orphan.entity';
import { ProvisioningStore } from '../../src/endpoints/phone-numbers/provisioning/provisioning-store';
import { RECONCILER_LEASE } from '../../src/endpoints/phone-numbers/provisioning/phone-number-reconciler';
import { LogRequest } from '../../src/logging/request-id';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { FailingProvisioningStore } from '../helpers/failing-provisioning-store';
import { FaultyTelephonyProvider } from '../helpers/faulty-provider';
import { leaveCrashedClaim } from '../factories/crashed-claim';
import { ADMIN_EMAIL, startApp, TestApp } from '../helpers/test-app';

/** A small seeded PRNG, so that a randomised run can be repeated from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.TEST_SEED ?? 20261127);
/** Generous limits for the heavy tests on a loaded machine (they assert outcomes, never timings). */
const SLOW = 120_000;

describe('provisioning under concurrency and faults', () => {
  let t: TestApp;
  let provider: FaultyTelephonyProvider;
  let store: FailingProvisioningStore;
  let tenant: Tenant;
  let admin: string;

  beforeAll(async () => {
    provider = new FaultyTelephonyProvider();
    t = await startApp({
      provider,
      overrides: [{ provide: ProvisioningStore, useClass: FailingProvisioningStore }],
      env: { PROVIDER_PURCHASE_TIMEOUT_MS: '500', PUBLIC_BASE_URL: 'https://api.example.test' },
    });
    store = t.app.get(ProvisioningStore);
    expect(store).toBeInstanceOf(FailingProvisioningStore);
    tenant = await createTenant(t);
    admin = await t.adminToken();
  }, SLOW);
  afterAll(() => t?.close());

  const buy = (
    body: Record<string, unknown>,
    token = tenant.managerToken,
    headers?: Record<string, string>,
  ) => t.request('POST', '/endpoints/phone-numbers', { token, body, headers });
  const sync = (accountId = tenant.accountId, headers?: Record<string, string>) =>
    t.request('POST', '/phone-numbers/sync', { token: admin, body: { accountId }, headers });
  const endpoints = () => t.app.get(DataSource).getRepository(EndpointEntity);
  const orphans = () => t.app.get(DataSource).getRepository(ProvisioningOrphanEntity);
  const events = async (phoneNumber: string) =>
    (await eventRecords(phoneNumber)).map((e: { step: string }) => e.step);
  /** The number's audit records, oldest first. */
  const eventRecords = async (phoneNumber: string) =>
    (
      await ok(
        t.request(
          'GET',
          `/phone-numbers/provisioning-events?phoneNumber=${encodeURIComponent(phoneNumber)}`,
          {
            token: admin,
          },
        ),
      )
    ).items.reverse();
  /** Makes a claim look as old as one a crashed process left behind. */
  const age = (phoneNumber: string) =>
    endpoints().update({ phoneNumber }, { dateCreated: new Date(Date.now() - 3600_000).toISOString() });

  /** No claim left stuck, and no number held at the provider without an active endpoint. */
  async function expectSettled(phoneNumber: string): Promise<void> {
    const rows = await endpoints().findBy({ phoneNumber });
    expect(rows.filter((r) => r.status === 'provisioning')).toEqual([]);
    if (provider.owns(phoneNumber)) {
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'active',
        phoneNumberSid: provider.ownedNumber(phoneNumber)!.sid,
      });
    }
  }

  describe('races', () => {
    it(
      '50 concurrent buys of one number: exactly one 200, 49 409s, the provider called once',
      async () => {
        const number = nextNumber();
        const responses = await Promise.all(Array.from({ length: 50 }, () => buy({ number })));
        const statuses = responses.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s === 409)).toHaveLength(49);
        for (const r of responses.filter((x) => x.status === 409))
          expect(r.body.responseStatus.errorCode).toBe('PhoneNumberAlreadyExists');
        expect(provider.purchasesOf(number)).toBe(1);
        expect(await endpoints().countBy({ phoneNumber: number })).toBe(1);
        await expectSettled(number);
      },
      SLOW,
    );

    it(
      `concurrent buys of different numbers never exceed maxPhoneNumbers (seed ${SEED})`,
      async () => {
        const random = mulberry32(SEED);
        for (let round = 0; round < 3; round++) {
          const quota = 1 + Math.floor(random() * 4);
          const attempts = quota + 2 + Math.floor(random() * 10);
          try {
            const small = await ok(
              t.request('POST', '/accounts', {
                token: admin,
                body: { name: `Quota ${SEED}-${round}`, maxPhoneNumbers: quota },
              }),
            );
            const numbers = Array.from({ length: attempts }, () => nextNumber());
            const responses = await Promise.all(
              numbers.map((number) => buy({ accountId: small.id, number }, admin)),
            );
            const won = responses.filter((r) => r.status === 200);
            expect(won).toHaveLength(quota);
            for (const r of responses.filter((x) => x.status !== 200)) {
              expect(r.status).toBe(409);
              expect(r.body.responseStatus.errorCode).toBe('PhoneNumberQuotaExceeded');
            }
            expect(await endpoints().countBy({ accountId: small.id })).toBe(quota);
            expect(numbers.filter((n) => provider.purchasesOf(n) > 0)).toHaveLength(quota);
          } catch (error) {
            throw new Error(
              `quota race failed (TEST_SEED=${SEED}, round ${round}, quota ${quota}, ${attempts} buys): ${String(error)}`,
            );
          }
        }
      },
      SLOW,
    );
  });

  describe('the provider failing', () => {
    it('removes the claim, answers 503, and lets a retry buy the number', async () => {
      const number = nextNumber();
      provider.failNextPurchase();
      const res = await buy({ number, tagIds: [tenant.tagIds[0]] });
      expect(res.status).toBe(503);
      expect(res.body.responseStatus.errorCode).toBe('ProviderUnavailable');
      expect(res.body.responseStatus.message).toMatch(/nothing was bought or stored/);
      expect(await endpoints().countBy({ phoneNumber: number })).toBe(0);
      expect(provider.owns(number)).toBe(false);
      expect(await events(number)).toEqual(['claimed', 'purchaseFailed']);
      expect((await buy({ number })).status).toBe(200);
      await expectSettled(number);
    });

    it('asks the provider after an ambiguous failure and keeps a number it did sell', async () => {
      const number = nextNumber();
      provider.succeedThenFailNextPurchase();
      const res = await buy({ number });
      expect(res.status).toBe(200);
      expect(res.body.phoneNumberSid).toBe(provider.ownedNumber(number)!.sid);
      expect(provider.purchasesOf(number)).toBe(1);
      expect(await events(number)).toEqual(['claimed', 'purchased', 'activated']);
      await expectSettled(number);
    });
  });

  describe('the provider hanging', () => {
    it('answers 504 after the timeout, keeps the claim, and the reconciler adopts the late purchase', async () => {
      const number = nextNumber();
      const hanging = provider.hangNextPurchase();
      const pending = buy({ number });
      await hanging;
      const res = await pending;
      expect(res.status).toBe(504);
      expect(res.body.responseStatus.errorCode).toBe('ProvisioningOutcomeUnknown');
      // The claim still holds the number: nobody else can buy it meanwhile.
      expect((await buy({ number })).status).toBe(409);
      expect(provider.purchasesOf(number)).toBe(1);

      provider.finishHangingPurchase('buy');
      // Within the grace period the reconciler leaves an in-flight claim alone.
      const early = await ok(sync());
      expect(early.adopted).toEqual([]);
      expect((await endpoints().findOneByOrFail({ phoneNumber: number })).status).toBe('provisioning');

      await age(number);
      const report = await ok(sync(tenant.accountId, { 'X-Request-Id': 'sync-adopts-1' }));
      expect(report.adopted).toEqual([
        expect.objectContaining({ phoneNumber: number, phoneNumberSid: provider.ownedNumber(number)!.sid }),
      ]);
      expect(report.counts.adopted).toBe(1);
      expect(await events(number)).toEqual(['claimed', 'outcomeUnknown', 'adopted']);
      // The adoption is recorded as the sync request's work: its caller and request id.
      const adopted = (await eventRecords(number))[2];
      expect(adopted).toMatchObject({
        actor: ADMIN_EMAIL,
        requestId: 'sync-adopts-1',
        idempotencyKey: null,
      });
      await expectSettled(number);
    });

    it('removes the claim when the late purchase failed, freeing the number', async () => {
      const number = nextNumber();
      const hanging = provider.hangNextPurchase();
      const pending = buy({ number });
      await hanging;
      expect((await pending).status).toBe(504);
      provider.finishHangingPurchase('fail');
      await age(number);
      const report = await ok(sync());
      expect(report.released).toEqual([expect.objectContaining({ phoneNumber: number })]);
      expect(await endpoints().countBy({ phoneNumber: number })).toBe(0);
      expect((await buy({ number })).status).toBe(200);
      await expectSettled(number);
    });
  });

  describe('the database failing after a successful purchase', () => {
    it('releases the number at the provider and stores nothing', async () => {
      const number = nextNumber();
      store.activationFailures = 1;
      const releasesBefore = provider.releases.length;
      const logged = jest.spyOn(Logger.prototype, 'error');
      const res = await buy({ number }, tenant.managerToken, { 'X-Request-Id': 'activation-fails-1' });
      // The error line names the number and the request, to be found beside the request's own line.
      expect(logged.mock.calls.map((call) => String(call[0]))).toContainEqual(
        expect.stringMatching(new RegExp(`Activating \\${number} failed.*\\[request activation-fails-1\\]`)),
      );
      logged.mockRestore();
      expect(res.status).toBe(503);
      expect(res.body.responseStatus.errorCode).toBe('ProvisioningFailed');
      expect(provider.purchasesOf(number)).toBe(1);
      expect(provider.owns(number)).toBe(false);
      expect(provider.releases).toHaveLength(releasesBefore + 1);
      expect(await endpoints().countBy({ phoneNumber: number })).toBe(0);
      expect(await events(number)).toEqual(['claimed', 'compensated']);
      await expectSettled(number);
    });

    it('names the request on its error line (req.id), as on the request line', async () => {
      const number = nextNumber();
      store.activationFailures = 1;
      const logged = jest.spyOn(Logger.prototype, 'error');
      const res = await buy({ number }, tenant.managerToken, { 'X-Request-Id': 'activation-fails-2' });
      expect(res.status).toBe(503);
      const line = logged.mock.calls.find((call) =>
        String(call[0]).startsWith(`Activating ${number} failed`),
      );
      logged.mockRestore();
      expect(line).toContainEqual(new LogRequest('activation-fails-2'));
      await expectSettled(number);
    });

    it('records an orphan when the release fails too, and the reconciler releases it', async () => {
      const number = nextNumber();
      store.activationFailures = 1;
      provider.failNextReleases(2);
      const res = await buy({ number });
      expect(res.status).toBe(503);
      expect(provider.owns(number)).toBe(true);
      expect(await endpoints().countBy({ phoneNumber: number })).toBe(0);
      const orphan = await orphans().findOneByOrFail({ phoneNumber: number });
      expect(orphan).toMatchObject({ accountId: tenant.accountId, releasedAt: null, releaseAttempts: 1 });

      // The provider still refuses once: the orphan stays pending, never forgotten.
      const first = await ok(sync());
      expect(first.orphansPending).toEqual([expect.objectContaining({ phoneNumber: number })]);
      expect(first.boughtOutsideService).toEqual([]);
      const second = await ok(sync());
      expect(second.orphansReleased).toEqual([expect.objectContaining({ phoneNumber: number })]);
      expect(provider.owns(number)).toBe(false);
      expect(await orphans().findOneByOrFail({ phoneNumber: number })).toMatchObject({ releaseAttempts: 3 });
      expect((await orphans().findOneByOrFail({ phoneNumber: number })).releasedAt).not.toBeNull();
      expect(await events(number)).toEqual(['claimed', 'orphaned', 'released']);
      expect((await ok(sync())).orphansReleased).toEqual([]);
    });

    it('leaves the claim to the reconciler when even the clean-up cannot be written', async () => {
      const number = nextNumber();
      store.activationFailures = 1;
      store.claimRemovalFailures = 1;
      expect((await buy({ number })).status).toBe(503);
      expect(provider.owns(number)).toBe(false);
      expect((await endpoints().findOneByOrFail({ phoneNumber: number })).status).toBe('provisioning');
      await age(number);
      expect((await ok(sync())).released).toEqual([expect.objectContaining({ phoneNumber: number })]);
      expect(await endpoints().countBy({ phoneNumber: number })).toBe(0);
    });
  });

  describe('a process killed between purchase and activation', () => {
    const leaveClaim = (number: string) =>
      leaveCrashedClaim(t, tenant.accountId, number, tenant.managerEmail);

    it('adopts a claim whose number the provider sold', async () => {
      const number = nextNumber();
      await leaveClaim(number);
      const owned = await provider.buyOutsideService(number);
      const report = await ok(sync());
      expect(report.adopted).toEqual([
        expect.objectContaining({ phoneNumber: number, phoneNumberSid: owned.sid }),
      ]);
      expect(await endpoints().findOneByOrFail({ phoneNumber: number })).toMatchObject({
        status: 'active',
        phoneNumberSid: owned.sid,
      });
      expect(await events(number)).toEqual(['adopted']);
    });

    it('removes a claim whose number the provider never sold', async () => {
      const number = nextNumber();
      await leaveClaim(number);
      const report = await ok(sync());
      expect(report.released).toEqual([expect.objectContaining({ phoneNumber: number })]);
      expect(await endpoints().countBy({ phoneNumber: number })).toBe(0);
    });
  });

  describe('the Idempotency-Key of a crashed request', () => {
    const buyWithKey = (number: string, key: string) =>
      buy({ number }, tenant.managerToken, { 'Idempotency-Key': key });

    it('is freed once the reconciler removes its claim: a retry with it buys the number', async () => {
      const number = nextNumber();
      const key = randomUUID();
      await leaveCrashedClaim(t, tenant.accountId, number, tenant.managerEmail, key);
      expect((await buyWithKey(number, key)).body.responseStatus.errorCode).toBe('IdempotencyKeyInFlight');
      expect((await ok(sync())).released).toEqual([expect.objectContaining({ phoneNumber: number })]);
      const retry = await buyWithKey(number, key);
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ phoneNumber: number });
      expect(provider.owns(number)).toBe(true);
    });

    it('is freed once the reconciler adopts its claim: a retry is told the number is the account’s', async () => {
      const number = nextNumber();
      const key = randomUUID();
      await leaveCrashedClaim(t, tenant.accountId, number, tenant.managerEmail, key);
      await provider.buyOutsideService(number);
      expect((await ok(sync())).adopted).toEqual([expect.objectContaining({ phoneNumber: number })]);
      const retry = await buyWithKey(number, key);
      expect(retry.status).toBe(409);
      expect(retry.body.responseStatus.errorCode).not.toBe('IdempotencyKeyInFlight');
      expect(provider.purchasesOf(number)).toBe(0);
    });
  });

  describe('drift report', () => {
    it(
      'lists numbers bought outside the service, missing at the provider, and differing webhooks',
      async () => {
        const drifter = await createTenant(t);
        const outside = nextNumber();
        await provider.buyOutsideService(outside);
        const missing = await ok(buy({ number: nextNumber() }, drifter.managerToken));
        await provider.releaseNumber(missing.phoneNumberSid);
        const rerouted = await ok(buy({ number: nextNumber() }, drifter.managerToken));
        await provider.updateNumber(rerouted.phoneNumberSid, { voiceUrl: 'https://elsewhere.example/voice' });
        const healthy = await ok(buy({ number: nextNumber() }, drifter.managerToken));

        const report = await ok(sync(drifter.accountId));
        expect(report.accountId).toBe(drifter.accountId);
        expect(report.boughtOutsideService).toEqual(
          expect.arrayContaining([expect.objectContaining({ phoneNumber: outside })]),
        );
        expect(report.missingAtProvider).toEqual([
          expect.objectContaining({ phoneNumber: missing.phoneNumber, endpointId: missing.id }),
        ]);
        expect(report.webhookMismatches).toEqual([
          expect.objectContaining({
            phoneNumber: rerouted.phoneNumber,
            voiceUrl: 'https://elsewhere.example/voice',
            expectedVoiceUrl: 'https://api.example.test/webhooks/twilio/voice',
            smsUrl: 'https://api.example.test/webhooks/twilio/sms',
          }),
        ]);
        expect(JSON.stringify(report)).not.toContain(healthy.phoneNumber);
        expect(report.counts).toMatchObject({ missingAtProvider: 1, webhookMismatches: 1 });
      },
      SLOW,
    );
  });

  describe('who may sync, and one run at a time', () => {
    it('is for SystemAdministrators only, and names a bad accountId', async () => {
      const asManager = await t.request('POST', '/phone-numbers/sync', {
        token: tenant.managerToken,
        body: { accountId: tenant.accountId },
      });
      expect(asManager.status).toBe(403);
      const unknown = await sync('no-such-account');
      expect(unknown.status).toBe(400);
      expect(unknown.body.responseStatus.errors[0].fieldName).toBe('accountId');
      const missing = await t.request('POST', '/phone-numbers/sync', { token: admin, body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.responseStatus.errors[0].fieldName).toBe('accountId');
    });

    it('answers 409 while another instance holds the reconciler lease, and runs once it expires', async () => {
      const leases = t.app.get(DataSource).getRepository(LeaseEntity);
      await leases.insert({
        name: RECONCILER_LEASE,
        holder: 'another-instance',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      const busy = await sync();
      expect(busy.status).toBe(409);
      expect(busy.body.responseStatus.errorCode).toBe('ReconciliationInProgress');
      await leases.update(
        { name: RECONCILER_LEASE },
        { expiresAt: new Date(Date.now() - 1000).toISOString() },
      );
      expect((await sync()).status).toBe(200);
      expect(await leases.countBy({ name: RECONCILER_LEASE })).toBe(0);
    });
  });
});
