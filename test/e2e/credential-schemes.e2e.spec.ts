import { createTenant, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

/**
 * The credential schemes are tried in order (API key, bearer JWT, Basic, session cookie): one that
 * refuses the request, or finds none of its credentials, leaves it to the next, and the request is
 * refused only when every scheme refused it.
 */
describe('credential schemes, tried in order', () => {
  let t: TestApp;
  let tenant: Tenant;
  let cookie: string;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    const res = await t.request('POST', '/auth/credentials', {
      body: { userName: tenant.managerEmail, password: tenant.password },
    });
    cookie = res.headers.getSetCookie()[0].split(';')[0];
  }, 180_000);
  afterAll(() => t?.close());

  const FOREIGN_JWT = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  /** Header credentials every scheme refuses (the tenant exists once the tests run). */
  const refused: [string, () => string][] = [
    ['an unknown API key', () => 'Bearer evk_not-a-key-of-this-service'],
    ['a bearer JWT this service did not sign', () => FOREIGN_JWT],
    [
      'a wrong Basic password',
      () => `Basic ${Buffer.from(`${tenant.managerEmail}:not-the-password`).toString('base64')}`,
    ],
    ['a scheme nobody knows', () => 'Token something'],
  ];

  it.each(refused)('leaves a request with %s to the session cookie', async (_, authorization) => {
    const res = await t.request('GET', '/auth/status', {
      headers: { authorization: authorization(), cookie },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ emailAddress: tenant.managerEmail, roles: ['Manager'] });
  });

  it('refuses such a credential without the cookie, in the error envelope, saying why', async () => {
    const res = await t.request('GET', '/auth/status', {
      headers: { authorization: FOREIGN_JWT },
    });
    expect(res.status).toBe(401);
    expect(res.body.responseStatus).toMatchObject({
      errorCode: 'Unauthorized',
      message: expect.stringMatching(/^Missing or invalid credentials: the bearer token .*sign in again$/),
    });
  });
});
