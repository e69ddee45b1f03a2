import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { TelephonyProvider } from '../../src/telephony/telephony.provider';
import { TwilioTelephonyProvider } from '../../src/telephony/twilio/twilio.provider';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import {
  prefer,
  PRISM_START_TIMEOUT_MS,
  PrismServer,
  startPrism,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../helpers/prism';
import { startApp, TestApp } from '../helpers/test-app';

const PUBLIC_BASE_URL = 'https://api.example.com';
const BYOA_ACCOUNT_SID = 'AC' + '9'.repeat(32);
const BYOA_AUTH_TOKEN = 'b'.repeat(32);

/**
 * The service configured for Twilio (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN, TWILIO_API_BASE_URL at
 * Prism serving Twilio's spec), driven over HTTP: every Twilio call goes through the real SDK.
 */
describe('phone numbers through Twilio (Prism)', () => {
  let prism: PrismServer;
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let twilioHeaders: Record<string, string>;

  beforeAll(async () => {
    prism = await startPrism();
    t = await startApp({
      env: {
        TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        TWILIO_API_BASE_URL: prism.url,
        PUBLIC_BASE_URL,
        ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      },
    });
    const provider = t.app.get(TelephonyProvider);
    if (!(provider instanceof TwilioTelephonyProvider))
      throw new Error(`expected Twilio, got ${provider.name}`);
    twilioHeaders = provider.httpClient.extraHeaders;
    tenant = await createTenant(t);
    other = await createTenant(t);
  }, PRISM_START_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
    await prism?.stop();
  });
  afterEach(() => {
    delete twilioHeaders.Prefer;
  });

  const repo = <E extends object>(entity: new () => E) => t.app.get(DataSource).getRepository(entity);
  const stored = (phoneNumber: string) => repo(EndpointEntity).findOneBy({ phoneNumber });
  const buy = (body: Record<string, unknown>, token = tenant.managerToken) =>
    t.request('POST', '/endpoints/phone-numbers', { token, body });
  /** The last request Twilio (Prism) received, checked against Twilio's contract. */
  const sentToTwilio = () => {
    const request = prism.lastRequest();
    expect(request.violations).toBe('');
    return request;
  };

  describe('BuyPhoneNumber', () => {
    it('buys through the SDK, with the webhooks derived from PUBLIC_BASE_URL, and stores the SID', async () => {
      const number = nextNumber();
      const res = await buy({ number, addressSid: 'AD' + '1'.repeat(32) });
      expect(res.status).toBe(200);
      expect(res.body.phoneNumberSid).toMatch(/^PN[0-9a-f]{32}$/);
      const request = sentToTwilio();
      expect(request.path).toBe(`/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/IncomingPhoneNumbers.json`);
      expect(Object.fromEntries(request.form)).toMatchObject({
        PhoneNumber: number,
        AddressSid: 'AD' + '1'.repeat(32),
        FriendlyName: number,
        VoiceUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/voice`,
        SmsUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/sms`,
      });
      expect(await stored(number)).toMatchObject({
        status: 'active',
        phoneNumberSid: res.body.phoneNumberSid,
      });
    });

    it.each([
      [400, 'numberUnavailable', 400, 'NumberNotAvailable', 'number'],
      [400, 'address21631', 400, 'AddressRequired', 'addressSid'],
      [400, 'invalidNumber', 400, 'InvalidPhoneNumber', 'number'],
    ])(
      'answers Twilio %s %s as %s %s naming the field, and stores nothing',
      async (twilioStatus, example, status, errorCode, fieldName) => {
        twilioHeaders.Prefer = prefer(twilioStatus, example);
        const number = nextNumber();
        const res = await buy({ number });
        expect(res.status).toBe(status);
        expect(res.body.responseStatus).toMatchObject({ errorCode, errors: [{ errorCode, fieldName }] });
        expect(res.body.responseStatus.message).toMatch(/nothing was bought or stored/);
        expect(await stored(number)).toBeNull();
      },
    );

    it('holds the claim after a Twilio 500 it cannot settle, and answers 504: the purchase may have happened', async () => {
      // Prism answers every call with the 500 here, the follow-up "do we own it?" lookup included.
      twilioHeaders.Prefer = prefer(500, 'internalError');
      const number = nextNumber();
      const res = await buy({ number });
      expect(res.status).toBe(504);
      expect(res.body.responseStatus.errorCode).toBe('ProvisioningOutcomeUnknown');
      expect(await stored(number)).toMatchObject({ status: 'provisioning', phoneNumberSid: null });
      const again = await buy({ number });
      expect(again.status).toBe(409);
    });

    it.each([
      [401, 'authenticationFailed'],
      [429, 'tooManyRequests'],
    ])(
      'answers Twilio %s (nothing processed) as a 503 saying the provider failed, and stores nothing',
      async (status, example) => {
        twilioHeaders.Prefer = prefer(status, example);
        const number = nextNumber();
        const res = await buy({ number });
        expect(res.status).toBe(503);
        expect(res.body.responseStatus.errorCode).toBe('ProviderUnavailable');
        expect(res.body.responseStatus.message).toMatch(/provider failed.*nothing was bought or stored/);
        expect(await stored(number)).toBeNull();
      },
    );
  });

  describe('SearchPhoneNumbers (GET /endpoints/phone-numbers/search)', () => {
    const search = (query: string, token = tenant.managerToken) =>
      t.request('GET', `/endpoints/phone-numbers/search?${query}`, { token });

    it('passes every filter to Twilio and answers the candidates', async () => {
      const res = await search('areaCode=808&contains=925%25&region=HI&postalCode=96720&isFaxNumber=true');
      expect(res.status).toBe(200);
      expect(res.body[0]).toEqual({
        phoneNumber: '+18089251571',
        friendlyName: '(808) 925-1571',
        locality: 'Hilo',
        region: 'HI',
        postalCode: '96720',
        isoCountry: 'US',
        capabilities: { voice: true, sms: false, mms: true, fax: false },
      });
      const request = sentToTwilio();
      expect(request.path).toBe(
        `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/AvailablePhoneNumbers/US/Local.json`,
      );
      expect(Object.fromEntries(request.query)).toMatchObject({
        AreaCode: '808',
        Contains: '925%',
        InRegion: 'HI',
        InPostalCode: '96720',
        FaxEnabled: 'true',
      });
    });

    it('leaves out a number an endpoint of the service already has, which Twilio does not know of', async () => {
      const offered = async () =>
        (await search('areaCode=808')).body.map((n: { phoneNumber: string }) => n.phoneNumber);
      expect(await offered()).toContain('+18089251571');
      // Held here as a virtual number: buying it would only be a 409.
      const virtual = await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: tenant.managerToken,
          body: { number: '+18089251571', isVirtualPhoneNumber: true },
        }),
      );
      try {
        expect(await offered()).not.toContain('+18089251571');
        expect(sentToTwilio().path).toMatch(/AvailablePhoneNumbers\/US\/Local\.json$/);
      } finally {
        const deleted = await t.request('DELETE', `/endpoints/${virtual.id}`, { token: tenant.managerToken });
        expect(deleted.status).toBe(204);
      }
      expect(await offered()).toContain('+18089251571');
    });

    it('searches toll-free and mobile numbers, in the country asked for', async () => {
      expect((await search('type=tollFree')).status).toBe(200);
      expect(sentToTwilio().path).toMatch(/AvailablePhoneNumbers\/US\/TollFree\.json$/);
      expect((await search('type=mobile&countryCode=GB')).status).toBe(200);
      expect(sentToTwilio().path).toMatch(/AvailablePhoneNumbers\/GB\/Mobile\.json$/);
    });

    it.each([
      ['countryCode=GB&areaCode=207', 'areaCode', 'FilterNotSupported'],
      ['countryCode=DE&region=Berlin', 'region', 'FilterNotSupported'],
      ['countryCode=FR&postalCode=75001', 'postalCode', 'FilterNotSupported'],
      ['areaCode=12', 'areaCode', 'InvalidAreaCode'],
      ['contains=9', 'contains', 'InvalidPattern'],
      ['type=landline', 'type', 'Enum'],
      ['isFaxNumber=maybe', 'isFaxNumber', 'Invalid'],
      ['countryCode=usa', 'countryCode', 'RegularExpression'],
    ])('refuses %s with a 400 on %s, without asking Twilio', async (query, fieldName, errorCode) => {
      const before = prism.requests.length;
      const res = await search(query);
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName, errorCode });
      expect(prism.requests.length).toBe(before);
    });

    it('does not search for another tenant’s account', async () => {
      const res = await search(`accountId=${other.accountId}`);
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0]).toMatchObject({
        fieldName: 'accountId',
        errorCode: 'NotFound',
      });
    });

    it('answers a Twilio outage as a 503', async () => {
      twilioHeaders.Prefer = prefer(503, 'serviceUnavailable');
      const res = await search('type=local');
      expect(res.status).toBe(503);
      expect(res.body.responseStatus.errorCode).toBe('ProviderUnavailable');
    });
  });

  const createByoaAccount = async (twilioAccountSid: string, twilioAuthToken: string): Promise<string> => {
    const account = await ok(
      t.request('POST', '/accounts', {
        token: await t.adminToken(),
        body: { name: `BYOA ${twilioAccountSid.slice(-4)}`, isBYOA: true, twilioAccountSid, twilioAuthToken },
      }),
    );
    return account.id;
  };

  /** Signs a webhook as Twilio does, with the SDK's own signing function. */
  const signedPost = (path: string, params: Record<string, string>, authToken = TEST_AUTH_TOKEN) =>
    t.request('POST', path, {
      rawBody: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(
          authToken,
          `${PUBLIC_BASE_URL}${path}`,
          params,
        ),
      },
    });

  describe('VerifyCallerId (POST /endpoints/verify-caller-id) and its status callback', () => {
    const virtualNumber = async (token = tenant.managerToken) =>
      ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token,
          body: { number: nextNumber(), isVirtualPhoneNumber: true },
        }),
      );
    const callback = (
      endpointId: string,
      status: string,
      accountSid = TEST_ACCOUNT_SID,
      authToken = TEST_AUTH_TOKEN,
    ) =>
      signedPost(
        `/webhooks/twilio/caller-id?endpointId=${endpointId}`,
        { AccountSid: accountSid, CallSid: 'CA' + 'a'.repeat(32), VerificationStatus: status },
        authToken,
      );
    const isVerified = async (id: string) =>
      (await repo(EndpointEntity).findOneByOrFail({ id })).settings?.isCallerIdVerified;

    it('starts a validation, stores the code, and the signed callback marks the number verified', async () => {
      const endpoint = await virtualNumber();
      const res = await t.request('POST', '/endpoints/verify-caller-id', {
        token: tenant.managerToken,
        body: { endpointId: endpoint.id },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: endpoint.id,
        callerIdVerificationCode: '111111',
        isCallerIdVerified: false,
      });
      const request = sentToTwilio();
      expect(request.path).toBe(`/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/OutgoingCallerIds.json`);
      expect(Object.fromEntries(request.form)).toMatchObject({
        PhoneNumber: endpoint.phoneNumber,
        StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/caller-id?endpointId=${endpoint.id}`,
      });

      const done = await callback(endpoint.id, 'success');
      expect(done.status).toBe(200);
      expect(done.text).toContain('<Response/>');
      expect(await isVerified(endpoint.id)).toBe(true);
    });

    it('leaves the number unverified when the callee failed', async () => {
      const endpoint = await virtualNumber();
      await ok(
        t.request('POST', '/endpoints/verify-caller-id', {
          token: tenant.managerToken,
          body: { endpointId: endpoint.id },
        }),
      );
      expect((await callback(endpoint.id, 'failed')).status).toBe(200);
      expect(await isVerified(endpoint.id)).toBe(false);
    });

    it('refuses an unsigned, a wrongly signed or a foreign account’s callback with a 403', async () => {
      const endpoint = await virtualNumber();
      const path = `/webhooks/twilio/caller-id?endpointId=${endpoint.id}`;
      const unsigned = await t.request('POST', path, {
        rawBody: `AccountSid=${TEST_ACCOUNT_SID}&VerificationStatus=success`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(unsigned.status).toBe(403);
      expect(unsigned.body.responseStatus.errorCode).toBe('Forbidden');
      expect((await callback(endpoint.id, 'success', TEST_ACCOUNT_SID, 'e'.repeat(32))).status).toBe(403);
      // A BYOA tenant knows its own token; it must not verify a number of another account with it.
      await createByoaAccount(BYOA_ACCOUNT_SID, BYOA_AUTH_TOKEN);
      expect((await callback(endpoint.id, 'success', BYOA_ACCOUNT_SID, BYOA_AUTH_TOKEN)).status).toBe(403);
      expect(await isVerified(endpoint.id)).toBeFalsy();
    });

    it('refuses a bought number, and another tenant’s number, with a 400 on endpointId', async () => {
      const bought = await ok(buy({ number: nextNumber() }));
      const res = await t.request('POST', '/endpoints/verify-caller-id', {
        token: tenant.managerToken,
        body: { endpointId: bought.id },
      });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0]).toMatchObject({
        fieldName: 'endpointId',
        errorCode: 'NotVirtualPhoneNumber',
      });

      const foreign = await virtualNumber(other.managerToken);
      const before = prism.requests.length;
      const denied = await t.request('POST', '/endpoints/verify-caller-id', {
        token: tenant.managerToken,
        body: { endpointId: foreign.id },
      });
      expect(denied.status).toBe(400);
      expect(denied.body.responseStatus.errors[0]).toMatchObject({
        fieldName: 'endpointId',
        errorCode: 'NotFound',
      });
      expect(prism.requests.length).toBe(before);
    });
  });

  describe('SetPhoneNumberIsFax (PATCH /phone-numbers/{endpointId}/fax)', () => {
    it('switches a bought number to FaxNumber and back', async () => {
      const bought = await ok(buy({ number: nextNumber() }));
      const fax = await t.request('PATCH', `/phone-numbers/${bought.id}/fax`, {
        token: tenant.managerToken,
        body: { isFax: true },
      });
      expect(fax.status).toBe(200);
      expect(fax.body).toMatchObject({
        id: bought.id,
        type: 'FaxNumber',
        phoneNumberSid: bought.phoneNumberSid,
      });
      const back = await t.request('PATCH', `/phone-numbers/${bought.id}/fax`, {
        token: tenant.managerToken,
        body: { isFax: false },
      });
      expect(back.body.type).toBe('PhoneNumber');
      expect((await repo(EndpointEntity).findOneByOrFail({ id: bought.id })).type).toBe('PhoneNumber');
    });

    it('answers 404 for another tenant’s number and 400 without isFax', async () => {
      const bought = await ok(buy({ number: nextNumber() }));
      const foreign = await t.request('PATCH', `/phone-numbers/${bought.id}/fax`, {
        token: other.managerToken,
        body: { isFax: true },
      });
      expect(foreign.status).toBe(404);
      // A Customer-role user sees only numbers of their customer subtree.
      const outside = await t.request('PATCH', `/phone-numbers/${bought.id}/fax`, {
        token: tenant.customerToken,
        body: { isFax: true },
      });
      expect(outside.status).toBe(404);
      expect((await repo(EndpointEntity).findOneByOrFail({ id: bought.id })).type).toBe('PhoneNumber');
      const invalid = await t.request('PATCH', `/phone-numbers/${bought.id}/fax`, {
        token: tenant.managerToken,
        body: {},
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.responseStatus.errors[0].fieldName).toBe('isFax');
    });
  });

  describe('incoming voice and SMS webhooks', () => {
    it.each(['voice', 'sms'])(
      'answers a signed %s webhook with empty TwiML and refuses others with 403',
      async (kind) => {
        const path = `/webhooks/twilio/${kind}`;
        const params = { AccountSid: TEST_ACCOUNT_SID, From: '+14155550100', To: '+14155550101' };
        const signed = await signedPost(path, params);
        expect(signed.status).toBe(200);
        expect(signed.headers.get('content-type')).toMatch(/xml/);
        expect(signed.text).toContain('<Response/>');

        const unsigned = await t.request('POST', path, {
          rawBody: new URLSearchParams(params).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect(unsigned.status).toBe(403);
        expect(unsigned.body.responseStatus.errorCode).toBe('Forbidden');
        expect((await signedPost(path, params, 'e'.repeat(32))).status).toBe(403);
        // A signature over other parameters than those received.
        const tampered = await t.request('POST', path, {
          rawBody: new URLSearchParams({ ...params, To: '+14155550199' }).toString(),
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature(
              TEST_AUTH_TOKEN,
              `${PUBLIC_BASE_URL}${path}`,
              params,
            ),
          },
        });
        expect(tampered.status).toBe(403);
      },
    );
  });

  describe('bring-your-own-account (BYOA)', () => {
    const byoaSid = 'AC' + '7'.repeat(32);
    const byoaToken = 'c'.repeat(32);
    let accountId: string;
    let boughtId: string;

    beforeAll(async () => {
      accountId = await createByoaAccount(byoaSid, byoaToken);
    });

    it('never returns the auth token, and stores it encrypted', async () => {
      const res = await t.request('GET', `/accounts/${accountId}`, { token: await t.adminToken() });
      expect(res.body).toMatchObject({ isBYOA: true, twilioAccountSid: byoaSid });
      expect(res.text).not.toContain(byoaToken);
      expect(res.body).not.toHaveProperty('twilioAuthToken');
      expect(res.body).not.toHaveProperty('twilioAuthTokenEncrypted');
      const row = await repo(AccountEntity).findOneByOrFail({ id: accountId });
      expect(row.twilioAuthTokenEncrypted).toMatch(/^v1:/);
      expect(row.twilioAuthTokenEncrypted).not.toContain(byoaToken);
    });

    it('buys the account’s numbers with its own Twilio credentials', async () => {
      const res = await buy({ accountId, number: nextNumber() }, await t.adminToken());
      expect(res.status).toBe(200);
      expect(res.body.phoneNumberSid).toMatch(/^PN/);
      boughtId = res.body.id;
      const request = sentToTwilio();
      expect(request.path).toBe(`/2010-04-01/Accounts/${byoaSid}/IncomingPhoneNumbers.json`);
      expect(request.authorization).toBe(
        `Basic ${Buffer.from(`${byoaSid}:${byoaToken}`).toString('base64')}`,
      );
    });

    it('uses the new token after PATCH /accounts, and the global account once BYOA is off', async () => {
      const admin = await t.adminToken();
      const newToken = 'd'.repeat(32);
      await ok(
        t.request('PATCH', `/accounts/${accountId}`, { token: admin, body: { twilioAuthToken: newToken } }),
      );
      await ok(t.request('GET', `/endpoints/phone-numbers/search?accountId=${accountId}`, { token: admin }));
      expect(sentToTwilio().authorization).toBe(
        `Basic ${Buffer.from(`${byoaSid}:${newToken}`).toString('base64')}`,
      );

      // Not while the account holds a number bought through its own Twilio account; once it is released, yes.
      const refused = await t.request('PATCH', `/accounts/${accountId}`, {
        token: admin,
        body: { isBYOA: false },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.responseStatus.errors[0].fieldName).toBe('isBYOA');
      expect((await t.request('DELETE', `/endpoints/${boughtId}`, { token: admin })).status).toBe(204);
      expect(sentToTwilio()).toMatchObject({
        method: 'DELETE',
        path: expect.stringContaining(`/Accounts/${byoaSid}/`),
      });
      await ok(t.request('PATCH', `/accounts/${accountId}`, { token: admin, body: { isBYOA: false } }));
      await ok(t.request('GET', `/endpoints/phone-numbers/search?accountId=${accountId}`, { token: admin }));
      expect(sentToTwilio().path).toContain(`/Accounts/${TEST_ACCOUNT_SID}/`);
    });

    it('accepts webhooks signed with the BYOA account’s token', async () => {
      await createByoaAccount(BYOA_ACCOUNT_SID, BYOA_AUTH_TOKEN);
      const res = await signedPost(
        '/webhooks/twilio/voice',
        { AccountSid: BYOA_ACCOUNT_SID, To: '+1' },
        BYOA_AUTH_TOKEN,
      );
      expect(res.status).toBe(200);
    });
  });
});
