import { createTenant, ok, Tenant } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

/** Names that are keys of every plain object (its prototype, or one of the prototype's members). */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const LISTS = ['/customers', '/endpoints', '/tags', '/flows', '/accounts'];

describe('request keys that name prototype members', () => {
  let t: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
  });
  afterAll(() => t?.close());

  /** A fresh login still works: nothing the requests did reached the objects every request uses. */
  const expectAuthenticationStillWorks = async () => {
    const login = await t.request('POST', '/auth/credentials', {
      body: { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect((await t.request('GET', '/accounts', { token: login.body.bearerToken })).status).toBe(200);
    expect((await t.request('GET', '/customers', { token: tenant.managerToken })).status).toBe(200);
  };

  it('a Customer sorting by __proto__ gets a 400 naming sortField, and everyone can still sign in', async () => {
    const res = await t.request('GET', '/customers?sortField=__proto__', { token: tenant.customerToken });
    await expectAuthenticationStillWorks();
    expect(res.status).toBe(400);
    expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: 'sortField', errorCode: 'Invalid' });
  });

  it.each(LISTS)(
    'every list refuses a prototype member as sortField with a 400 naming it (%s)',
    async (list) => {
      const admin = await t.adminToken();
      for (const key of PROTOTYPE_KEYS) {
        const res = await t.request('GET', `${list}?sortField=${encodeURIComponent(key)}`, { token: admin });
        expect({ key, status: res.status }).toEqual({ key, status: 400 });
        expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: 'sortField' });
      }
      await expectAuthenticationStillWorks();
    },
  );
});
