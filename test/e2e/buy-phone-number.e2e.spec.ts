import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { CountingSandboxProvider } from '../helpers/counting-provider';
import { startApp, TestApp } from '../helpers/test-app';

const sample = JSON.parse(
  readFileSync(join(process.cwd(), 'test/fixtures/endpoint-info.sample.json'), 'utf8'),
);

describe('BuyPhoneNumber (POST /endpoints/phone-numbers)', () => {
  let t: TestApp;
  let provider: CountingSandboxProvider;
  let tenant: Tenant;
  let other: Tenant;

  // Building tenants hashes passwords (scrypt): slow on a loaded machine, hence the long setup timeout.
  beforeAll(async () => {
    provider = new CountingSandboxProvider();
    t = await startApp({ provider });
    tenant = await createTenant(t);
    other = await createTenant(t);
  }, 180_000);
  afterAll(() => t?.close());

  const buy = (body: Record<string, unknown>, token = tenant.managerToken) =>
    t.request('POST', '/endpoints/phone-numbers', { token, body });

  const storedWithNumber = (phoneNumber: string) =>
    t.app.get(DataSource).getRepository(EndpointEntity).countBy({ phoneNumber });

  describe('a successful buy', () => {
    it('answers 200 with a complete EndpointInfo: tags, flow, data, breadcrumb and provider SID', async () => {
      const data = {
        region: { stringValue: 'West' },
        nested: { structValue: { priority: { numberValue: 2 } }, listValue: [{ flag: { boolValue: true } }] },
      };
      const flowParams = { greeting: { stringValue: 'Hello' } };
      const res = await buy({
        accountId: tenant.accountId,
        customerId: tenant.childCustomerId,
        number: '+15005550006',
        tagIds: tenant.tagIds,
        flowId: tenant.flowId,
        data,
        flowParams,
        addressSid: 'AD0123456789abcdef0123456789abcdef',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const e = res.body;
      expect(e).toMatchObject({
        accountId: tenant.accountId,
        accountName: tenant.accountName,
        customerId: tenant.childCustomerId,
        phoneNumber: '+15005550006',
        displayName: '+15005550006',
        type: 'PhoneNumber',
        isVirtualPhoneNumber: false,
        flowId: tenant.flowId,
        flowParams,
        data,
        addressSid: 'AD0123456789abcdef0123456789abcdef',
      });
      expect(e.phoneNumberSid).toMatch(/^PN[0-9a-f]{32}$/);
      expect(e.flowName).toMatch(/^Flow /);
      expect(e.customerBreadcrumb.map((c: { id: string }) => c.id)).toEqual([
        tenant.customerId,
        tenant.childCustomerId,
      ]);
      expect(e.customerName).toBe(e.customerBreadcrumb[1].name);
      expect(e.tags).toEqual(
        expect.arrayContaining([
          { id: tenant.tagIds[0], name: 'Sales', color: 'Blue' },
          { id: tenant.tagIds[1], name: 'VIP', color: 'Gold' },
        ]),
      );
      expect(e.tags).toHaveLength(2);
      expect(e.createdBy).toBe(tenant.managerEmail);
      expect(e.lastModifiedBy).toBe(tenant.managerEmail);
      expect(Date.parse(e.dateCreated)).not.toBeNaN();
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(provider.purchasesOf('+15005550006')).toBe(1);
      expect(provider.purchases.at(-1)).toMatchObject({
        addressSid: 'AD0123456789abcdef0123456789abcdef',
        isFaxNumber: false,
      });
    });

    it('has every field of the contract, camelCase, with enums as their names', async () => {
      const res = await buy({ accountId: tenant.accountId, number: nextNumber() });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(Object.keys(sample).sort());
      const e = res.body;
      expect(e).toMatchObject({
        flowSchedule: 'Always',
        sipRegion: 'NorthAmericaVirginia',
        agentState: 'Unknown',
        agentStateReason: 'Unknown',
        userMode: 'SoftPhone',
        managerRole: 'None',
        myFieldPermissions: 'Hidden',
        contactListVisibility: 'None',
        disableSms: false,
        tags: [],
        customerBreadcrumb: [],
        data: {},
        flowParams: {},
      });
    });

    it('normalises the number to E.164 and defaults the account to the caller’s only account', async () => {
      const res = await buy({ number: '(415) 555-2671' });
      expect(res.status).toBe(200);
      expect(res.body.phoneNumber).toBe('+14155552671');
      expect(res.body.accountId).toBe(tenant.accountId);
    });

    it('records a virtual number without buying it, and a fax number as FaxNumber', async () => {
      const virtual = nextNumber();
      const v = await buy({ number: virtual, isVirtualPhoneNumber: true });
      expect(v.status).toBe(200);
      expect(v.body).toMatchObject({ isVirtualPhoneNumber: true, phoneNumberSid: null, type: 'PhoneNumber' });
      expect(provider.purchasesOf(virtual)).toBe(0);

      const fax = nextNumber();
      const f = await buy({ number: fax, isFaxNumber: true });
      expect(f.status).toBe(200);
      expect(f.body.type).toBe('FaxNumber');
      expect(provider.purchases.at(-1)).toMatchObject({ phoneNumber: fax, isFaxNumber: true });
    });

    it('puts a Customer-role caller’s number in their own customer, with its breadcrumb', async () => {
      const res = await buy({ number: nextNumber() }, tenant.customerToken);
      expect(res.status).toBe(200);
      expect(res.body.customerId).toBe(tenant.customerId);
      expect(res.body.customerBreadcrumb).toHaveLength(1);
    });
  });

  describe('validation: a 400 naming the field, and nothing bought or stored', () => {
    const cases: [string, () => Record<string, unknown>, string, string][] = [
      ['a missing number', () => ({ accountId: tenant.accountId }), 'number', 'NotEmpty'],
      ['a number that is not a phone number', () => ({ number: '12345' }), 'number', 'InvalidPhoneNumber'],
      ['a non-string number', () => ({ number: 15005550006 }), 'number', 'Invalid'],
      [
        'a tag of another account',
        () => ({ number: nextNumber(), tagIds: [other.tagIds[0]] }),
        'tagIds',
        'NotFound',
      ],
      ['tagIds that is not a list', () => ({ number: nextNumber(), tagIds: 7 }), 'tagIds', 'Invalid'],
      [
        'a flow of another account',
        () => ({ number: nextNumber(), flowId: other.flowId }),
        'flowId',
        'NotFound',
      ],
      [
        'a customer of another account',
        () => ({ number: nextNumber(), customerId: other.customerId }),
        'customerId',
        'NotFound',
      ],
      [
        'an unknown account',
        () => ({ number: nextNumber(), accountId: 'no-such-account' }),
        'accountId',
        'NotFound',
      ],
      [
        'a foreign account',
        () => ({ number: nextNumber(), accountId: other.accountId }),
        'accountId',
        'NotFound',
      ],
      [
        'data that is not a Struct',
        () => ({ number: nextNumber(), data: { a: 'plain string' } }),
        'data',
        'Invalid',
      ],
      [
        'a Value with a mistyped field',
        () => ({ number: nextNumber(), data: { a: { numberValue: 'x' } } }),
        'data',
        'Invalid',
      ],
      [
        'flowParams with an unknown Value field',
        () => ({ number: nextNumber(), flowParams: { a: { colour: 'red' } } }),
        'flowParams',
        'Invalid',
      ],
      [
        'a non-boolean isVirtualPhoneNumber',
        () => ({ number: nextNumber(), isVirtualPhoneNumber: 'yes' }),
        'isVirtualPhoneNumber',
        'Invalid',
      ],
    ];

    it.each(cases)('%s', async (_name, body, fieldName, errorCode) => {
      const request = body();
      const before = provider.purchases.length;
      const res = await buy(request);
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ fieldName, errorCode })]),
      );
      expect(res.body.responseStatus.errorCode).toBe(res.body.responseStatus.errors[0].errorCode);
      expect(res.body.responseStatus.message).toEqual(expect.any(String));
      expect(provider.purchases.length).toBe(before);
      if (typeof request.number === 'string' && request.number.startsWith('+')) {
        expect(await storedWithNumber(request.number)).toBe(0);
      }
    });

    it('reports the first wrong reference, customer before tags before flow, whichever is looked up first', async () => {
      const number = nextNumber();
      const all = { customerId: other.customerId, tagIds: [other.tagIds[0]], flowId: other.flowId };
      for (const [body, fieldName] of [
        [all, 'customerId'],
        [{ ...all, customerId: undefined }, 'tagIds'],
        [{ ...all, customerId: undefined, tagIds: undefined }, 'flowId'],
      ] as const) {
        const res = await buy({ number, ...body });
        expect(res.status).toBe(400);
        expect(res.body.responseStatus.errors).toEqual([expect.objectContaining({ fieldName })]);
      }
      expect(await storedWithNumber(number)).toBe(0);
    });

    it('bounds the depth of a Struct (the one nesting limit), naming where it is passed; nothing bought', async () => {
      let deep: Record<string, unknown> = { leaf: { stringValue: 'x' } };
      for (let i = 0; i < 12; i++) deep = { level: { structValue: deep } };
      const number = nextNumber();
      const res = await buy({ number, data: deep });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0]).toMatchObject({ errorCode: 'TooDeep' });
      expect(res.body.responseStatus.errors[0].fieldName).toMatch(/^data\.level\.structValue\.level/);
      expect(await storedWithNumber(number)).toBe(0);
    });

    it('bounds the size of a Struct', async () => {
      const res = await buy({ number: nextNumber(), data: { big: { stringValue: 'x'.repeat(70_000) } } });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0].message).toMatch(/at most \d+ bytes/);
    });

    it('answers malformed JSON with the envelope', async () => {
      const res = await t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        rawBody: '{"number": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus).toMatchObject({ errorCode: 'BadRequest', errors: [] });
    });
  });

  describe('duplicates and quota', () => {
    it('refuses a number that is already an endpoint, in any tenant, without buying it again', async () => {
      const number = nextNumber();
      expect((await buy({ number })).status).toBe(200);
      const again = await buy({ number });
      expect(again.status).toBe(409);
      expect(again.body.responseStatus).toMatchObject({ errorCode: 'PhoneNumberAlreadyExists' });
      expect(again.body.responseStatus.errors[0].fieldName).toBe('number');
      const elsewhere = await buy({ number }, other.managerToken);
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.text).not.toContain(tenant.accountId);
      expect(provider.purchasesOf(number)).toBe(1);
    });

    it('stops at the account’s maxPhoneNumbers, counting bought numbers only', async () => {
      const small = await createTenant(t, { maxPhoneNumbers: 2 });
      expect((await buy({ number: nextNumber() }, small.managerToken)).status).toBe(200);
      expect(
        (await buy({ number: nextNumber(), isVirtualPhoneNumber: true }, small.managerToken)).status,
      ).toBe(200);
      expect((await buy({ number: nextNumber() }, small.managerToken)).status).toBe(200);
      const over = nextNumber();
      const res = await buy({ number: over }, small.managerToken);
      expect(res.status).toBe(409);
      expect(res.body.responseStatus).toMatchObject({ errorCode: 'PhoneNumberQuotaExceeded' });
      expect(res.body.responseStatus.errors[0].fieldName).toBe('accountId');
      expect(provider.purchasesOf(over)).toBe(0);
      expect(await storedWithNumber(over)).toBe(0);
    });
  });

  describe('provider refusal', () => {
    it.each([
      ['+15005550000', 'NumberNotAvailable'],
      ['+15005550001', 'InvalidPhoneNumber'],
    ])('%s: a clear error naming the number, nothing stored', async (number, errorCode) => {
      const res = await buy({ number, tagIds: [tenant.tagIds[0]] });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errorCode).toBe(errorCode);
      expect(res.body.responseStatus.errors[0].fieldName).toBe('number');
      expect(res.body.responseStatus.message).toMatch(/nothing was bought or stored/);
      expect(await storedWithNumber(number)).toBe(0);
      // The claim is gone: the number is not stuck as taken.
      const retry = await buy({ number });
      expect(retry.status).toBe(400);
      expect(retry.body.responseStatus.errorCode).toBe(errorCode);
    });
  });

  describe('who may buy', () => {
    it('refuses anonymous and badly authenticated callers with 401', async () => {
      const anonymous = await t.request('POST', '/endpoints/phone-numbers', {
        body: { number: nextNumber() },
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.responseStatus.errorCode).toBe('Unauthorized');
      const forged = await buy({ number: nextNumber() }, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
      expect(forged.status).toBe(401);
      const unknownKey = await buy({ number: nextNumber() }, 'evk_not-a-real-key');
      expect(unknownKey.status).toBe(401);
    });

    it('accepts an API key as a bearer token, acting as its user', async () => {
      const key = await ok(
        t.request('POST', '/auth/api-keys', { token: tenant.managerToken, body: { name: 'ci' } }),
      );
      expect(key.key).toMatch(/^evk_/);
      const res = await buy({ number: nextNumber() }, key.key);
      expect(res.status).toBe(200);
      expect(res.body.createdBy).toBe(tenant.managerEmail);
      const listed = await ok(t.request('GET', '/auth/api-keys', { token: tenant.managerToken }));
      expect(JSON.stringify(listed)).not.toContain(key.key);
    });

    it('never lets a caller buy into another tenant’s account or customer', async () => {
      const intoOtherAccount = await buy(
        { number: nextNumber(), accountId: tenant.accountId },
        other.managerToken,
      );
      expect(intoOtherAccount.status).toBe(400);
      expect(intoOtherAccount.text).not.toContain(tenant.accountName);
      const siblingCustomer = await ok(
        t.request('POST', '/customers', { token: tenant.managerToken, body: { name: 'Sibling' } }),
      );
      const outsideSubtree = await buy(
        { number: nextNumber(), customerId: siblingCustomer.id },
        tenant.customerToken,
      );
      expect(outsideSubtree.status).toBe(400);
      expect(outsideSubtree.body.responseStatus.errors[0].fieldName).toBe('customerId');
      const inSubtree = await buy(
        { number: nextNumber(), customerId: tenant.childCustomerId },
        tenant.customerToken,
      );
      expect(inSubtree.status).toBe(200);
    });

    it('lets a SystemAdministrator buy into any account, naming it', async () => {
      const admin = await t.adminToken();
      const missing = await buy({ number: nextNumber() }, admin);
      expect(missing.status).toBe(400);
      expect(missing.body.responseStatus.errors[0].fieldName).toBe('accountId');
      const res = await buy({ number: nextNumber(), accountId: other.accountId }, admin);
      expect(res.status).toBe(200);
      expect(res.body.accountId).toBe(other.accountId);
    });
  });
});
