import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { CountingSandboxProvider } from '../helpers/counting-provider';
import { startApp, TestApp } from '../helpers/test-app';

/** The phone-number operations on the default sandbox provider, where state carries across steps. */
describe('phone-number operations on the sandbox', () => {
  let t: TestApp;
  let provider: CountingSandboxProvider;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    provider = new CountingSandboxProvider();
    t = await startApp({ provider });
    tenant = await createTenant(t);
    other = await createTenant(t);
  });
  afterAll(() => t?.close());

  const search = (query: string, token = tenant.managerToken) =>
    t.request('GET', `/endpoints/phone-numbers/search?${query}`, { token });

  it('searches the sandbox, and a number once bought is no longer offered', async () => {
    const first = await search('areaCode=415');
    expect(first.status).toBe(200);
    const candidate: string = first.body[0].phoneNumber;
    expect(candidate).toMatch(/^\+1415/);
    expect(first.body[0]).toMatchObject({ isoCountry: 'US', capabilities: { voice: true } });

    const bought = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number: candidate },
      }),
    );
    expect(bought.phoneNumberSid).toMatch(/^PN/);
    const after = await search('areaCode=415');
    expect(after.body.map((n: { phoneNumber: string }) => n.phoneNumber)).not.toContain(candidate);
  });

  it('refuses a filter the sandbox cannot honour, as Twilio would', async () => {
    const res = await search('countryCode=GB&areaCode=207');
    expect(res.status).toBe(400);
    expect(res.body.responseStatus.errors[0]).toMatchObject({
      fieldName: 'areaCode',
      errorCode: 'FilterNotSupported',
    });
  });

  it('lets a Customer-role user search for their account, and no other', async () => {
    expect((await search('type=tollFree', tenant.customerToken)).status).toBe(200);
    const foreign = await search(`accountId=${other.accountId}`, tenant.customerToken);
    expect(foreign.status).toBe(400);
    expect(foreign.body.responseStatus.errors[0].fieldName).toBe('accountId');
  });

  it('verifies a virtual number of a Customer-role user’s own customer, then switches it to fax and back', async () => {
    const token = tenant.customerToken;
    const virtual = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token,
        body: { number: nextNumber(), isVirtualPhoneNumber: true },
      }),
    );
    const verify = await t.request('POST', '/endpoints/verify-caller-id', {
      token,
      body: { endpointId: virtual.id },
    });
    expect(verify.status).toBe(200);
    expect(verify.body.callerIdVerificationCode).toMatch(/^\d{6}$/);
    expect(verify.body.isCallerIdVerified).toBe(false);

    const fax = await t.request('PATCH', `/phone-numbers/${virtual.id}/fax`, {
      token,
      body: { isFax: true },
    });
    expect(fax.status).toBe(200);
    // The switch keeps what verification stored.
    expect(fax.body).toMatchObject({
      type: 'FaxNumber',
      callerIdVerificationCode: verify.body.callerIdVerificationCode,
    });
    const back = await t.request('PATCH', `/phone-numbers/${virtual.id}/fax`, {
      token,
      body: { isFax: false },
    });
    expect(back.body.type).toBe('PhoneNumber');
  });

  it('hides another tenant’s numbers from verification and fax switching', async () => {
    const foreign = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: other.managerToken,
        body: { number: nextNumber(), isVirtualPhoneNumber: true },
      }),
    );
    const verify = await t.request('POST', '/endpoints/verify-caller-id', {
      token: tenant.managerToken,
      body: { endpointId: foreign.id },
    });
    expect(verify.status).toBe(400);
    expect(verify.body.responseStatus.errors[0]).toMatchObject({
      fieldName: 'endpointId',
      errorCode: 'NotFound',
    });
    const fax = await t.request('PATCH', `/phone-numbers/${foreign.id}/fax`, {
      token: tenant.managerToken,
      body: { isFax: true },
    });
    expect(fax.status).toBe(404);
    expect(fax.body.responseStatus.errorCode).toBe('NotFound');
  });

  it('refuses webhooks when no Twilio account is configured: nothing can sign them', async () => {
    const res = await t.request('POST', '/webhooks/twilio/voice', {
      rawBody: 'AccountSid=AC00000000000000000000000000000000&To=%2B1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
    });
    expect(res.status).toBe(403);
    expect(res.body.responseStatus.errorCode).toBe('Forbidden');
  });

  it('describes the new operations in Swagger under Evo’s operation names', async () => {
    const doc = (await t.request('GET', '/swagger-json')).body;
    expect(doc.paths['/endpoints/phone-numbers/search'].get.operationId).toBe('SearchPhoneNumbers');
    expect(doc.paths['/endpoints/verify-caller-id'].post.operationId).toBe('VerifyCallerId');
    expect(doc.paths['/phone-numbers/{endpointId}/fax'].patch.operationId).toBe('SetPhoneNumberIsFax');
    expect(doc.paths['/accounts/{accountId}'].patch.operationId).toBe('PatchAccount');
    expect(doc.components.schemas.NewAccount.properties.twilioAuthToken.writeOnly).toBe(true);
    expect(doc.components.schemas.AccountInfo.properties).not.toHaveProperty('twilioAuthToken');
  });
});
