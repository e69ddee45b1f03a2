import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { IdempotencyKeyEntity } from '../../src/idempotency/idempotency-key.entity';
import { canonicalJson } from '../../src/idempotency/idempotency.interceptor';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { FaultyTelephonyProvider } from '../helpers/faulty-provider';
import { startApp, TestApp } from '../helpers/test-app';

describe('Idempotency-Key on creates, and the provisioning audit trail', () => {
  let t: TestApp;
  let provider: FaultyTelephonyProvider;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    provider = new FaultyTelephonyProvider();
    t = await startApp({ provider });
    tenant = await createTenant(t);
    other = await createTenant(t);
  }, 120_000);
  afterAll(() => t?.close());

  const buy = (body: Record<string, unknown>, key?: string, token = tenant.managerToken, extra = {}) =>
    t.request('POST', '/endpoints/phone-numbers', {
      token,
      body,
      headers: { ...(key ? { 'Idempotency-Key': key } : {}), ...extra },
    });
  const replayed = (res: { headers: Headers }) => res.headers.get('idempotent-replayed');
  const stored = (phoneNumber: string) =>
    t.app.get(DataSource).getRepository(EndpointEntity).countBy({ phoneNumber });

  describe('BuyPhoneNumber', () => {
    it('replays the first answer for the same key and body, buying nothing more', async () => {
      const key = randomUUID();
      const body = { number: nextNumber(), tagIds: [tenant.tagIds[0]] };
      const first = await buy(body, key);
      expect(first.status).toBe(200);
      expect(replayed(first)).toBeNull();
      // The same body with its keys in another order is the same request.
      const again = await buy({ tagIds: body.tagIds, number: body.number }, key);
      expect(again.status).toBe(200);
      expect(replayed(again)).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(provider.purchasesOf(body.number)).toBe(1);
      expect(await stored(body.number)).toBe(1);
    });

    it('refuses the same key with another body with a 422, changing nothing', async () => {
      const key = randomUUID();
      expect((await buy({ number: nextNumber() }, key)).status).toBe(200);
      const otherNumber = nextNumber();
      const reused = await buy({ number: otherNumber }, key);
      expect(reused.status).toBe(422);
      expect(reused.body.responseStatus).toMatchObject({
        errorCode: 'IdempotencyKeyReused',
        errors: [expect.objectContaining({ fieldName: 'Idempotency-Key' })],
      });
      expect(provider.purchasesOf(otherNumber)).toBe(0);
      expect(await stored(otherNumber)).toBe(0);
    });

    it('answers 409 to the same key while the first request is still buying', async () => {
      const key = randomUUID();
      const number = nextNumber();
      const hanging = provider.hangNextPurchase();
      const first = buy({ number }, key);
      await hanging;
      const duplicate = await buy({ number }, key);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.responseStatus.errorCode).toBe('IdempotencyKeyInFlight');
      provider.finishHangingPurchase('buy');
      expect((await first).status).toBe(200);
      const after = await buy({ number }, key);
      expect(after.status).toBe(200);
      expect(replayed(after)).toBe('true');
      expect(provider.purchasesOf(number)).toBe(1);
    });

    it('runs a burst of 20 requests with one key exactly once', async () => {
      const key = randomUUID();
      const number = nextNumber();
      const responses = await Promise.all(Array.from({ length: 20 }, () => buy({ number }, key)));
      const executed = responses.filter((r) => r.status === 200 && replayed(r) === null);
      expect(executed).toHaveLength(1);
      for (const r of responses.filter((x) => x !== executed[0])) {
        if (r.status === 200) expect(r.body.id).toBe(executed[0].body.id);
        else expect(r.body.responseStatus.errorCode).toBe('IdempotencyKeyInFlight');
      }
      expect(provider.purchasesOf(number)).toBe(1);
    });

    it('replays a 4xx answer, but runs the request again after a 5xx', async () => {
      const badKey = randomUUID();
      const bad = await buy({ number: '+15005550000' }, badKey);
      expect(bad.status).toBe(400);
      const badAgain = await buy({ number: '+15005550000' }, badKey);
      expect(badAgain.status).toBe(400);
      expect(replayed(badAgain)).toBe('true');
      expect(badAgain.body).toEqual(bad.body);
      expect(provider.purchasesOf('+15005550000')).toBe(1);

      const key = randomUUID();
      const number = nextNumber();
      provider.failNextPurchase();
      expect((await buy({ number }, key)).status).toBe(503);
      const retry = await buy({ number }, key);
      expect(retry.status).toBe(200);
      expect(replayed(retry)).toBeNull();
      expect(provider.purchasesOf(number)).toBe(2);
    });

    it('does not store a 409: the same key runs again once the conflict is gone', async () => {
      const key = randomUUID();
      const number = nextNumber();
      const hanging = provider.hangNextPurchase();
      const holder = buy({ number });
      await hanging;
      const conflict = await buy({ number }, key);
      expect(conflict.status).toBe(409);
      expect(conflict.body.responseStatus.errorCode).toBe('PhoneNumberAlreadyExists');
      provider.finishHangingPurchase('fail');
      expect((await holder).status).toBe(503);
      const retry = await buy({ number }, key);
      expect(retry.status).toBe(200);
      expect(replayed(retry)).toBeNull();
      expect(provider.owns(number)).toBe(true);
    });

    it('keeps keys per caller: another tenant’s identical key is its own request', async () => {
      const key = randomUUID();
      const mine = await buy({ number: nextNumber() }, key);
      const number = nextNumber();
      const theirs = await buy({ number }, key, other.managerToken);
      expect(theirs.status).toBe(200);
      expect(replayed(theirs)).toBeNull();
      expect(theirs.body.accountId).toBe(other.accountId);
      expect(theirs.text).not.toContain(mine.body.id);
    });

    it('keeps keys at least 24 hours, and refuses a malformed key', async () => {
      const key = randomUUID();
      expect((await buy({ number: nextNumber() }, key)).status).toBe(200);
      const row = await t.app.get(DataSource).getRepository(IdempotencyKeyEntity).findOneByOrFail({ key });
      expect(Date.parse(row.expiresAt) - Date.parse(row.dateCreated)).toBeGreaterThanOrEqual(24 * 3600_000);
      const tooLong = await buy({ number: nextNumber() }, 'k'.repeat(256));
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.responseStatus.errors[0].fieldName).toBe('Idempotency-Key');
    });
  });

  describe('other creates', () => {
    it('replays POST /tags and POST /customers instead of creating twice', async () => {
      const tagKey = randomUUID();
      const tag = await ok(
        t.request('POST', '/tags', {
          token: tenant.managerToken,
          body: { accountId: tenant.accountId, name: 'Once', color: 'Red' },
          headers: { 'Idempotency-Key': tagKey },
        }),
      );
      const tagAgain = await t.request('POST', '/tags', {
        token: tenant.managerToken,
        body: { accountId: tenant.accountId, name: 'Once', color: 'Red' },
        headers: { 'Idempotency-Key': tagKey },
      });
      expect(tagAgain.status).toBe(200);
      expect(replayed(tagAgain)).toBe('true');
      expect(tagAgain.body.id).toBe(tag.id);

      const customerKey = randomUUID();
      const create = () =>
        t.request('POST', '/customers', {
          token: tenant.managerToken,
          body: { name: `Idempotent ${customerKey}` },
          headers: { 'Idempotency-Key': customerKey },
        });
      const a = await create();
      const b = await create();
      expect(b.body.id).toBe(a.body.id);
      expect(replayed(b)).toBe('true');
    });

    it('refuses one key across two operations with a 422', async () => {
      const key = randomUUID();
      expect(
        (
          await t.request('POST', '/tags', {
            token: tenant.managerToken,
            body: { accountId: tenant.accountId, name: `T ${key}`, color: 'Red' },
            headers: { 'Idempotency-Key': key },
          })
        ).status,
      ).toBe(200);
      const flow = await t.request('POST', '/flows', {
        token: tenant.managerToken,
        body: { accountId: tenant.accountId, name: `T ${key}` },
        headers: { 'Idempotency-Key': key },
      });
      expect(flow.status).toBe(422);
    });
  });

  describe('what one key stands for', () => {
    it('refuses one key on the same route with another path parameter (CopyFlow of two flows) with a 422', async () => {
      const flowOf = async (name: string) =>
        (
          await ok(
            t.request('POST', '/flows', {
              token: tenant.managerToken,
              body: { accountId: tenant.accountId, name },
            }),
          )
        ).id as string;
      const first = await flowOf(`First ${randomUUID()}`);
      const second = await flowOf(`Second ${randomUUID()}`);
      const key = randomUUID();
      const copy = (flowId: string) =>
        t.request('POST', `/flows/${flowId}/copy`, {
          token: tenant.managerToken,
          body: {},
          headers: { 'Idempotency-Key': key },
        });
      const copied = await copy(first);
      expect(copied.status).toBe(200);
      const other = await copy(second);
      expect(other.status).toBe(422);
      expect(other.body.responseStatus.errorCode).toBe('IdempotencyKeyReused');
      expect(replayed(other)).toBeNull();
      // The same flow again is the same request: replayed.
      const again = await copy(first);
      expect(replayed(again)).toBe('true');
      expect(again.body.id).toBe(copied.body.id);
    });
  });

  describe('answers that carry a secret', () => {
    it('never stores a new API key with its Idempotency-Key; a replay answers without it and says so', async () => {
      const key = randomUUID();
      const create = () =>
        t.request('POST', '/auth/api-keys', {
          token: tenant.managerToken,
          body: { name: `ci ${key}` },
          headers: { 'Idempotency-Key': key },
        });
      const first = await create();
      expect(first.status).toBe(200);
      const secret = first.body.key as string;
      expect(secret.length).toBeGreaterThan(20);
      expect(first.headers.get('idempotent-secret-withheld')).toBeNull();

      const rows = await t.app.get(DataSource).getRepository(IdempotencyKeyEntity).findBy({ key });
      expect(rows).toHaveLength(1);
      expect(rows[0].state).toBe('completed');
      expect(rows[0].responseBody).not.toContain(secret);
      expect(rows[0].responseBody).not.toContain(secret.slice(-16));

      const replay = await create();
      expect(replay.status).toBe(200);
      expect(replayed(replay)).toBe('true');
      expect(replay.headers.get('idempotent-secret-withheld')).toBe('key');
      expect(replay.body.key).toBeUndefined();
      expect(replay.body).toMatchObject({ id: first.body.id, keyPrefix: first.body.keyPrefix });
      // The key shown the first time works; the replay created no second one.
      const keys = await ok(t.request('GET', '/auth/api-keys', { token: secret }));
      expect(keys.filter((k: { name: string }) => k.name === `ci ${key}`)).toHaveLength(1);
    });
  });

  describe('requests that carry a secret', () => {
    it('keeps no digest of a new user’s password that a guess could be checked against without the server’s key', async () => {
      const key = randomUUID();
      const body = {
        accountId: tenant.accountId,
        emailAddress: `fingerprint-${key}@test.local`,
        password: 'summer-2026',
      };
      await ok(
        t.request('POST', '/users', {
          token: tenant.managerToken,
          body,
          headers: { 'Idempotency-Key': key },
        }),
      );
      const [row] = await t.app.get(DataSource).getRepository(IdempotencyKeyEntity).findBy({ key });
      // Someone holding a copy of the database tries a list of passwords against the stored fingerprint,
      // the rest of the body being known (the user's row and the stored answer name it).
      for (const guess of ['password-123', 'summer-2026', 'winter-2026'])
        expect(row.fingerprint).not.toBe(
          createHash('sha256')
            .update(`UsersController.create\n{}\n${canonicalJson({ ...body, password: guess })}`)
            .digest('hex'),
        );
    });
  });

  describe('audit trail (GET /phone-numbers/provisioning-events)', () => {
    it('records each step with actor, request id and idempotency key', async () => {
      const number = nextNumber();
      const key = randomUUID();
      const res = await buy({ number }, key, tenant.managerToken, { 'X-Request-Id': 'req-audit-1' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('req-audit-1');
      const list = await ok(
        t.request('GET', `/phone-numbers/provisioning-events?phoneNumber=${encodeURIComponent(number)}`, {
          token: tenant.managerToken,
        }),
      );
      const steps = [...list.items].reverse();
      expect(steps.map((e: { step: string }) => e.step)).toEqual(['claimed', 'purchased', 'activated']);
      for (const e of steps)
        expect(e).toMatchObject({
          accountId: tenant.accountId,
          phoneNumber: number,
          endpointId: res.body.id,
          actor: tenant.managerEmail,
          requestId: 'req-audit-1',
          idempotencyKey: key,
        });
      expect(steps[2].phoneNumberSid).toBe(res.body.phoneNumberSid);
    });

    it('generates a request id when none is sent', async () => {
      const res = await buy({ number: nextNumber() });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('shows a Manager only their own accounts, and refuses Customers', async () => {
      const number = nextNumber();
      expect((await buy({ number })).status).toBe(200);
      const query = `accountId=${tenant.accountId}&phoneNumber=${encodeURIComponent(number)}`;
      const foreign = await ok(
        t.request('GET', `/phone-numbers/provisioning-events?${query}`, { token: other.managerToken }),
      );
      expect(foreign.items).toEqual([]);
      const foreignAll = await ok(
        t.request('GET', '/phone-numbers/provisioning-events', { token: other.managerToken }),
      );
      expect(foreignAll.items.every((e: { accountId: string }) => e.accountId === other.accountId)).toBe(
        true,
      );
      expect(JSON.stringify(foreignAll)).not.toContain(number);
      const asAdmin = await ok(
        t.request('GET', `/phone-numbers/provisioning-events?${query}`, { token: await t.adminToken() }),
      );
      expect(asAdmin.items).toHaveLength(3);
      const asCustomer = await t.request('GET', '/phone-numbers/provisioning-events', {
        token: tenant.customerToken,
      });
      expect(asCustomer.status).toBe(403);
    });

    it('names an invalid phone number filter', async () => {
      const res = await t.request('GET', '/phone-numbers/provisioning-events?phoneNumber=123', {
        token: tenant.managerToken,
      });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0].fieldName).toBe('phoneNumber');
    });

    it('is paged like every list: newest first, by page number or by cursor', async () => {
      for (let i = 0; i < 2; i++) expect((await buy({ number: nextNumber() })).status).toBe(200);
      const get = (query: string) =>
        ok(t.request('GET', `/phone-numbers/provisioning-events?${query}`, { token: tenant.managerToken }));
      const first4 = await get('countPerPage=4');
      expect(first4.items).toHaveLength(4);
      expect(first4.totalCount).toBeGreaterThanOrEqual(6);
      expect(first4.totalPages).toBe(Math.ceil(first4.totalCount / 4));
      const times = first4.items.map((e: { occurredAt: string }) => e.occurredAt);
      expect([...times].sort().reverse()).toEqual(times);

      const page0 = await get('countPerPage=2');
      const byCursor = await get(`countPerPage=2&cursor=${encodeURIComponent(page0.nextCursor)}`);
      const byNumber = await get('countPerPage=2&page=1');
      const ids = (page: { items: { id: string }[] }) => page.items.map((e) => e.id);
      expect([...ids(page0), ...ids(byCursor)]).toEqual(ids(first4));
      expect(ids(byNumber)).toEqual(ids(byCursor));

      const oldest = await get('countPerPage=1&sortOrder=Ascend&simplifiedPaging=true');
      expect(oldest).toMatchObject({ totalCount: 0, hasMorePages: true });
      expect(oldest.items[0].occurredAt <= times[3]).toBe(true);
      const bad = await t.request('GET', '/phone-numbers/provisioning-events?sortField=actor', {
        token: tenant.managerToken,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.responseStatus.errors[0].fieldName).toBe('sortField');
    });
  });
});
