import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { TelephonyProvider } from '../../src/telephony/telephony.provider';
import { TelephonyProviderResolver } from '../../src/telephony/telephony-provider.resolver';
import { EndpointTypes } from '../../src/contract/endpoint.enums';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

const SID = 'AC' + '5'.repeat(32);
const TOKEN = 'a'.repeat(32);

/** Accounts that bring their own Twilio account: POST/PATCH /accounts, and which provider they get. */
describe('bring-your-own-account on POST and PATCH /accounts', () => {
  let t: TestApp;
  let tenant: Tenant;
  let admin: string;

  beforeAll(async () => {
    t = await startApp({ env: { ENCRYPTION_KEY: randomBytes(32).toString('base64') } });
    tenant = await createTenant(t);
    admin = await t.adminToken();
  });
  afterAll(() => t?.close());

  const stored = (id: string) => t.app.get(DataSource).getRepository(AccountEntity).findOneByOrFail({ id });
  const patch = (id: string, body: Record<string, unknown>, token = admin) =>
    t.request('PATCH', `/accounts/${id}`, { token, body });
  const newAccount = (body: Record<string, unknown> = {}) =>
    ok(
      t.request('POST', '/accounts', {
        token: admin,
        body: { name: `A ${randomBytes(3).toString('hex')}`, ...body },
      }),
    );

  it('keeps the sandbox as the provider when no Twilio credentials are configured, and gives a BYOA account its own Twilio', async () => {
    expect(t.app.get(TelephonyProvider).name).toBe('sandbox');
    const resolver = t.app.get(TelephonyProviderResolver);
    const plain = await newAccount();
    expect(resolver.forAccount(await stored(plain.id)).name).toBe('sandbox');
    const byoa = await newAccount({ isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN });
    const provider = resolver.forAccount(await stored(byoa.id));
    expect(provider.name).toBe('twilio');
    expect(resolver.forAccount(await stored(byoa.id))).toBe(provider); // one SDK client per account
  });

  describe('while the account holds bought numbers', () => {
    /** What a purchase through the account's provider leaves: an active endpoint with the number's SID. */
    const holdBoughtNumber = async (accountId: string, settings: Record<string, unknown> | null = null) => {
      const id = randomUUID();
      const now = new Date().toISOString();
      const phoneNumber = nextNumber();
      await t.app
        .get(DataSource)
        .getRepository(EndpointEntity)
        .insert({
          id,
          dateCreated: now,
          dateLastModified: now,
          createdBy: 'test',
          lastModifiedBy: 'test',
          accountId,
          customerId: null,
          type: EndpointTypes.PhoneNumber,
          status: 'active',
          displayName: phoneNumber,
          referenceId: null,
          phoneNumber,
          phoneNumberSid: `PN${randomBytes(16).toString('hex')}`,
          isVirtualPhoneNumber: false,
          addressSid: null,
          flowId: null,
          flowParams: null,
          data: null,
          settings: settings as never,
          userMode: null,
          sipUserName: null,
        });
      return id;
    };
    const refused = (res: { status: number; body: any }, fieldName: string) => {
      expect(res.status).toBe(409);
      expect(res.body.responseStatus).toMatchObject({
        errorCode: 'AccountHoldsNumbers',
        errors: [expect.objectContaining({ fieldName })],
      });
    };

    it('refuses to turn BYOA on or off, or to change the account SID, naming the field; a new token is fine', async () => {
      const plain = await newAccount();
      const bought = await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: admin,
          body: { accountId: plain.id, number: nextNumber() },
        }),
      );
      refused(
        await patch(plain.id, { isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN }),
        'isBYOA',
      );
      expect(await stored(plain.id)).toMatchObject({ isBYOA: false, twilioAccountSid: null });

      const byoa = await newAccount({ isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN });
      await holdBoughtNumber(byoa.id);
      const before = await stored(byoa.id);
      refused(
        await patch(byoa.id, { twilioAccountSid: 'AC' + '6'.repeat(32), twilioAuthToken: TOKEN }),
        'twilioAccountSid',
      );
      refused(await patch(byoa.id, { isBYOA: false }), 'isBYOA');
      expect(await stored(byoa.id)).toMatchObject({
        isBYOA: true,
        twilioAccountSid: SID,
        twilioAuthTokenEncrypted: before.twilioAuthTokenEncrypted,
      });
      // The same account with a rotated token, the same values again, or other fields: allowed.
      expect((await patch(byoa.id, { twilioAuthToken: 'b'.repeat(32) })).status).toBe(200);
      expect((await patch(byoa.id, { isBYOA: true, twilioAccountSid: SID, name: 'Renamed' })).status).toBe(
        200,
      );

      // Once the number is gone, the change goes through.
      expect((await t.request('DELETE', `/endpoints/${bought.id}`, { token: admin })).status).toBe(204);
      expect(
        (await patch(plain.id, { isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN })).status,
      ).toBe(200);
    });

    it('does not count virtual numbers or numbers marked doNotTouchPhoneNumber as held', async () => {
      const account = await newAccount({ isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN });
      await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: admin,
          body: { accountId: account.id, number: nextNumber(), isVirtualPhoneNumber: true },
        }),
      );
      await holdBoughtNumber(account.id, { doNotTouchPhoneNumber: true });
      const res = await patch(account.id, {
        twilioAccountSid: 'AC' + '7'.repeat(32),
        twilioAuthToken: TOKEN,
      });
      expect(res.status).toBe(200);
    });
  });

  it('creates a BYOA account without ever answering its token', async () => {
    const res = await t.request('POST', '/accounts', {
      token: admin,
      body: { name: 'Own Twilio', isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ isBYOA: true, twilioAccountSid: SID });
    expect(res.text).not.toContain(TOKEN);
    expect((await stored(res.body.id)).twilioAuthTokenEncrypted).not.toContain(TOKEN);
  });

  it.each([
    [{ isBYOA: true }, 'twilioAccountSid', 'NotEmpty'],
    [{ isBYOA: true, twilioAccountSid: SID }, 'twilioAuthToken', 'NotEmpty'],
    [{ twilioAccountSid: 'AC123' }, 'twilioAccountSid', 'RegularExpression'],
    [{ twilioAuthToken: 'short' }, 'twilioAuthToken', 'RegularExpression'],
  ])('refuses POST %j with a 400 on %s', async (body, fieldName, errorCode) => {
    const name = `Refused ${randomBytes(3).toString('hex')}`;
    const res = await t.request('POST', '/accounts', { token: admin, body: { name, ...body } });
    expect(res.status).toBe(400);
    expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName, errorCode });
    expect(await t.app.get(DataSource).getRepository(AccountEntity).countBy({ name })).toBe(0);
  });

  describe('PATCH /accounts/{accountId}', () => {
    it('changes only the fields given', async () => {
      const account = await newAccount({ maxPhoneNumbers: 5 });
      const res = await patch(account.id, { name: 'Renamed' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: account.id, name: 'Renamed', maxPhoneNumbers: 5, isBYOA: false });
      const unlimited = await patch(account.id, { maxPhoneNumbers: null });
      expect(unlimited.body.maxPhoneNumbers).toBeNull();
      expect(unlimited.body.lastModifiedBy).toBe('admin@test.local');
    });

    it('turns BYOA on with credentials, and needs a new token with a new account SID', async () => {
      const account = await newAccount();
      const on = await patch(account.id, { isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN });
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ isBYOA: true, twilioAccountSid: SID });
      expect(on.text).not.toContain(TOKEN);
      const sealed = (await stored(account.id)).twilioAuthTokenEncrypted;
      expect(sealed).toMatch(/^v1:/);

      const otherSid = await patch(account.id, { twilioAccountSid: 'AC' + '6'.repeat(32) });
      expect(otherSid.status).toBe(400);
      expect(otherSid.body.responseStatus.errors[0].fieldName).toBe('twilioAuthToken');
      expect(await stored(account.id)).toMatchObject({
        twilioAccountSid: SID,
        twilioAuthTokenEncrypted: sealed,
      });
    });

    it.each([
      [{ name: '' }, 'name'],
      [{ maxPhoneNumbers: -1 }, 'maxPhoneNumbers'],
      [{ isBYOA: 'yes' }, 'isBYOA'],
      [{ isBYOA: true }, 'twilioAccountSid'],
    ])('refuses %j with a 400 on %s and changes nothing', async (body, fieldName) => {
      const account = await newAccount();
      const res = await patch(account.id, body);
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0].fieldName).toBe(fieldName);
      expect(await stored(account.id)).toMatchObject({ name: account.name, isBYOA: false });
    });

    it('answers 404 for an unknown account and 403 for a Manager, even of that account', async () => {
      const missing = await patch('00000000-0000-4000-8000-000000000000', { name: 'x' });
      expect(missing.status).toBe(404);
      expect(missing.body.responseStatus.errorCode).toBe('NotFound');
      const manager = await patch(tenant.accountId, { name: 'Mine now' }, tenant.managerToken);
      expect(manager.status).toBe(403);
      expect((await stored(tenant.accountId)).name).toBe(tenant.accountName);
    });
  });
});

describe('bring-your-own-account without ENCRYPTION_KEY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t?.close());

  it('refuses to store an auth token it could not encrypt', async () => {
    const res = await t.request('POST', '/accounts', {
      token: await t.adminToken(),
      body: { name: 'No key', isBYOA: true, twilioAccountSid: SID, twilioAuthToken: TOKEN },
    });
    expect(res.status).toBe(400);
    expect(res.body.responseStatus.errors[0]).toMatchObject({
      fieldName: 'twilioAuthToken',
      errorCode: 'EncryptionNotConfigured',
    });
  });
});
