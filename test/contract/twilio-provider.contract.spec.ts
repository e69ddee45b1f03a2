import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppError } from '../../src/common/errors/domain-errors';
import { TwilioTelephonyProvider } from '../../src/telephony/twilio/twilio.provider';
import {
  prefer,
  PRISM_START_TIMEOUT_MS,
  PrismServer,
  startPrism,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../helpers/prism';

/**
 * The Twilio adapter, through the real Twilio SDK, against Prism serving Twilio's own OpenAPI
 * description: Prism flags any request that breaks Twilio's contract (recorded as `violations`).
 */
describe('TwilioTelephonyProvider against Twilio’s API contract (Prism)', () => {
  let prism: PrismServer;
  let provider: TwilioTelephonyProvider;
  const headers: Record<string, string> = {};
  const accountPath = `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}`;
  const ADDRESS_SID = 'AD' + 'ab'.repeat(16);
  const NUMBER_SID = 'PN' + 'cd'.repeat(16);

  beforeAll(async () => {
    prism = await startPrism();
    provider = new TwilioTelephonyProvider(
      { accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN },
      { apiBaseUrl: prism.url, extraHeaders: headers },
    );
  }, PRISM_START_TIMEOUT_MS);
  afterAll(() => prism?.stop());
  afterEach(() => {
    delete headers.Prefer;
  });

  /** The last request the SDK sent, after checking that it kept Twilio's contract. */
  const sent = () => {
    const request = prism.lastRequest();
    expect(request.violations).toBe('');
    return request;
  };

  const purchase = () =>
    provider.purchaseNumber({
      phoneNumber: '+15005550006',
      friendlyName: 'Front desk',
      addressSid: ADDRESS_SID,
      isFaxNumber: false,
      voiceUrl: 'https://api.example.com/webhooks/twilio/voice',
      smsUrl: 'https://api.example.com/webhooks/twilio/sms',
    });

  describe('requests that keep Twilio’s contract', () => {
    it('buys a number with IncomingPhoneNumbers.create, sending the number, address, name and webhooks', async () => {
      const owned = await purchase();
      expect(owned.sid).toMatch(/^PN[0-9a-f]{32}$/);
      const request = sent();
      expect(request).toMatchObject({
        method: 'POST',
        path: `${accountPath}/IncomingPhoneNumbers.json`,
        status: 201,
      });
      expect(request.authorization).toBe(
        `Basic ${Buffer.from(`${TEST_ACCOUNT_SID}:${TEST_AUTH_TOKEN}`).toString('base64')}`,
      );
      expect(Object.fromEntries(request.form)).toEqual({
        PhoneNumber: '+15005550006',
        FriendlyName: 'Front desk',
        AddressSid: ADDRESS_SID,
        VoiceUrl: 'https://api.example.com/webhooks/twilio/voice',
        SmsUrl: 'https://api.example.com/webhooks/twilio/sms',
      });
    });

    it('releases a number with a DELETE of the number’s resource', async () => {
      await expect(provider.releaseNumber(NUMBER_SID)).resolves.toBeUndefined();
      expect(sent()).toMatchObject({
        method: 'DELETE',
        path: `${accountPath}/IncomingPhoneNumbers/${NUMBER_SID}.json`,
        status: 204,
      });
    });

    it('does not count a release Twilio answers 404 (20404) as done: the account may never have held it', async () => {
      headers.Prefer = prefer(404, 'notFound');
      await expect(provider.releaseNumber(NUMBER_SID)).rejects.toMatchObject({
        status: 409,
        errorCode: 'NumberNotAtProvider',
      });
      expect(sent().status).toBe(404);
    });

    it('updates webhooks and the emergency address of a number', async () => {
      const owned = await provider.updateNumber(NUMBER_SID, {
        voiceUrl: 'https://api.example.com/webhooks/twilio/voice',
        emergencyAddressSid: ADDRESS_SID,
        emergencyCallingEnabled: true,
      });
      expect(owned.sid).toMatch(/^PN/);
      const request = sent();
      expect(request).toMatchObject({
        method: 'POST',
        path: `${accountPath}/IncomingPhoneNumbers/${NUMBER_SID}.json`,
      });
      expect(Object.fromEntries(request.form)).toEqual({
        VoiceUrl: 'https://api.example.com/webhooks/twilio/voice',
        EmergencyAddressSid: ADDRESS_SID,
        EmergencyStatus: 'Active',
      });
    });

    it('answers 404 NotFound when updating a number Twilio does not hold', async () => {
      headers.Prefer = prefer(404, 'notFound');
      await expect(provider.updateNumber(NUMBER_SID, { friendlyName: 'x' })).rejects.toMatchObject({
        status: 404,
        errorCode: 'NotFound',
      });
    });

    it('finds an owned number by its E.164 number, and lists the inventory', async () => {
      const found = await provider.findOwnedNumber('+15005550006');
      expect(found?.sid).toMatch(/^PN/);
      const request = sent();
      expect(request).toMatchObject({ method: 'GET', path: `${accountPath}/IncomingPhoneNumbers.json` });
      expect(request.query.get('PhoneNumber')).toBe('+15005550006');

      const all = await provider.listOwnedNumbers();
      expect(all.length).toBeGreaterThan(0);
      expect(all[0]).toHaveProperty('phoneNumber');
      expect(sent().query.get('PageSize')).toBe('1000');
    });

    it.each([
      ['local', 'Local'],
      ['tollFree', 'TollFree'],
      ['mobile', 'Mobile'],
    ] as const)('searches %s numbers with every filter', async (type, resource) => {
      const found = await provider.searchAvailableNumbers({
        countryCode: 'US',
        type,
        areaCode: '808',
        contains: '925%',
        region: 'HI',
        postalCode: '96720',
        isFaxNumber: true,
      });
      const request = sent();
      expect(request.path).toBe(`${accountPath}/AvailablePhoneNumbers/US/${resource}.json`);
      expect(Object.fromEntries(request.query)).toMatchObject({
        AreaCode: '808',
        Contains: '925%',
        InRegion: 'HI',
        InPostalCode: '96720',
        FaxEnabled: 'true',
      });
      expect(found.length).toBeGreaterThan(0);
      const [first] = found;
      expect(Object.keys(first).sort()).toEqual(
        [
          'capabilities',
          'friendlyName',
          'isoCountry',
          'locality',
          'phoneNumber',
          'postalCode',
          'region',
        ].sort(),
      );
      expect(first.phoneNumber).toMatch(/^\+\d+$/);
      expect(first.capabilities).toEqual({
        voice: expect.any(Boolean),
        sms: expect.any(Boolean),
        mms: expect.any(Boolean),
        fax: expect.any(Boolean),
      });
      // Twilio's example of a local number (Hilo, Hawaii), mapped field by field.
      if (type === 'local')
        expect(first).toMatchObject({
          phoneNumber: '+18089251571',
          friendlyName: '(808) 925-1571',
          locality: 'Hilo',
          region: 'HI',
          postalCode: '96720',
          isoCountry: 'US',
          capabilities: { voice: true, sms: false, mms: true, fax: false },
        });
    });

    it('refuses, without asking Twilio, a filter Twilio cannot honour', async () => {
      const before = prism.requests.length;
      await expect(
        provider.searchAvailableNumbers({ countryCode: 'GB', type: 'local', region: 'London' }),
      ).rejects.toMatchObject({
        status: 400,
        fieldErrors: [{ fieldName: 'region', errorCode: 'FilterNotSupported' }],
      });
      await expect(
        provider.searchAvailableNumbers({ countryCode: 'US', type: 'local', contains: 'a' }),
      ).rejects.toMatchObject({ fieldErrors: [{ fieldName: 'contains' }] });
      await expect(
        provider.searchAvailableNumbers({ countryCode: 'US', type: 'local', areaCode: '12' }),
      ).rejects.toMatchObject({ fieldErrors: [{ fieldName: 'areaCode' }] });
      expect(prism.requests.length).toBe(before);
    });

    it('starts a caller-ID validation with ValidationRequests and returns the code', async () => {
      const validation = await provider.startCallerIdValidation({
        phoneNumber: '+14155552671',
        friendlyName: 'Reception',
        statusCallbackUrl: 'https://api.example.com/webhooks/twilio/caller-id?endpointId=e1',
      });
      expect(validation.validationCode).toMatch(/^\d{6}$/);
      const request = sent();
      expect(request).toMatchObject({ method: 'POST', path: `${accountPath}/OutgoingCallerIds.json` });
      expect(Object.fromEntries(request.form)).toEqual({
        PhoneNumber: '+14155552671',
        FriendlyName: 'Reception',
        StatusCallback: 'https://api.example.com/webhooks/twilio/caller-id?endpointId=e1',
      });
    });
  });

  describe('Twilio’s errors, translated once into the service’s', () => {
    const cases: [string, number, string, { status: number; errorCode: string; fieldName?: string }][] = [
      [
        '21422 number not available',
        400,
        'numberUnavailable',
        { status: 400, errorCode: 'NumberNotAvailable', fieldName: 'number' },
      ],
      [
        '21421 invalid number',
        400,
        'invalidNumber',
        { status: 400, errorCode: 'InvalidPhoneNumber', fieldName: 'number' },
      ],
      [
        '21631 address required',
        400,
        'address21631',
        { status: 400, errorCode: 'AddressRequired', fieldName: 'addressSid' },
      ],
      [
        '21615 local address required',
        400,
        'address21615',
        { status: 400, errorCode: 'AddressRequired', fieldName: 'addressSid' },
      ],
      [
        '21613 address required',
        400,
        'address21613',
        { status: 400, errorCode: 'AddressRequired', fieldName: 'addressSid' },
      ],
      ['another refusal (21452)', 400, 'otherRefusal', { status: 400, errorCode: 'ProviderRejected' }],
      [
        '20003 authentication failed',
        401,
        'authenticationFailed',
        { status: 503, errorCode: 'ProviderUnavailable' },
      ],
      ['20429 rate limited', 429, 'tooManyRequests', { status: 503, errorCode: 'ProviderUnavailable' }],
      ['a 500', 500, 'internalError', { status: 503, errorCode: 'ProviderUnavailable' }],
      ['a 503', 503, 'serviceUnavailable', { status: 503, errorCode: 'ProviderUnavailable' }],
    ];

    it.each(cases)('maps %s on a purchase', async (_name, status, example, expected) => {
      headers.Prefer = prefer(status, example);
      const error = await purchase().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect({ status: appError.status, errorCode: appError.errorCode }).toEqual({
        status: expected.status,
        errorCode: expected.errorCode,
      });
      if (expected.fieldName) expect(appError.fieldErrors[0]?.fieldName).toBe(expected.fieldName);
      if (expected.status >= 500)
        expect(appError.message).toMatch(/provider failed.*nothing was bought or stored/);
      expect(sent().status).toBe(status);
    });

    it('retries a 429, which Twilio documents as not processed, but never a 5xx purchase', async () => {
      headers.Prefer = prefer(429, 'tooManyRequests');
      let before = prism.requests.length;
      await expect(purchase()).rejects.toMatchObject({ status: 503 });
      expect(prism.requests.length - before).toBe(3);

      headers.Prefer = prefer(500, 'internalError');
      before = prism.requests.length;
      await expect(purchase()).rejects.toMatchObject({ status: 503 });
      expect(prism.requests.length - before).toBe(1);
    });
  });

  describe('no answer at all', () => {
    let silent: Server;
    beforeAll(async () => {
      silent = createServer(() => undefined); // accepts requests and never answers
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('gives up after the timeout with a 503 ProviderUnavailable', async () => {
      const slow = new TwilioTelephonyProvider(
        { accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN },
        { apiBaseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200 },
      );
      await expect(slow.findOwnedNumber('+15005550006')).rejects.toMatchObject({
        status: 503,
        errorCode: 'ProviderUnavailable',
      });
    });

    it('maps a refused connection to a 503 ProviderUnavailable', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const unreachable = new TwilioTelephonyProvider(
        { accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN },
        { apiBaseUrl: `http://127.0.0.1:${port}` },
      );
      await expect(unreachable.listOwnedNumbers()).rejects.toMatchObject({
        status: 503,
        message: expect.stringMatching(/ECONNREFUSED/),
      });
    });
  });
});
