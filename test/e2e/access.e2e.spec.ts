import { createTenant, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

/** Routes anybody may call. Everything else must refuse an anonymous caller. */
const PUBLIC_ROUTES = new Set([
  'POST /auth/credentials',
  'POST /auth',
  'POST /access-token',
  'GET /health/live',
  'GET /health/ready',
]);

describe('access control', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;

  // Building tenants hashes passwords (scrypt): slow on a loaded machine, hence the long setup timeout.
  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
  }, 180_000);
  afterAll(() => t?.close());

  it('every non-public route in the API document refuses anonymous callers with a 401 envelope', async () => {
    const doc = (await t.request('GET', '/swagger-json')).body;
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
    expect(routes.length).toBeGreaterThan(10);
    for (const { method, path } of routes) {
      if (PUBLIC_ROUTES.has(`${method} ${path}`)) continue;
      const concrete = path.replace(/\{[^}]+\}/g, 'some-id');
      const res = await t.request(
        method,
        concrete,
        method === 'GET' || method === 'DELETE' ? {} : { body: {} },
      );
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(res.body.responseStatus.errorCode).toBe('Unauthorized');
    }
  });

  it('every non-public operation refuses anonymous callers on its predefined routes too', async () => {
    const doc = (await t.request('GET', '/swagger-json')).body;
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({
          route: `${method.toUpperCase()} ${path}`,
          operationId: op.operationId as string,
        })),
    );
    for (const { route, operationId } of operations) {
      if (PUBLIC_ROUTES.has(route)) continue;
      for (const path of [`/api/${operationId}`, `/json/reply/${operationId.toLowerCase()}`]) {
        const res = await t.request('POST', path, { body: { id: 'some-id' } });
        expect({ route, path, status: res.status }).toEqual({ route, path, status: 401 });
      }
    }
  });

  it('states its roles on every operation in the API document', async () => {
    const doc = (await t.request('GET', '/swagger-json')).body;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (PUBLIC_ROUTES.has(`${method.toUpperCase()} ${path}`)) continue;
        expect({ op: `${method} ${path}`, secured: Boolean(op.security?.length) }).toEqual({
          op: `${method} ${path}`,
          secured: true,
        });
      }
    }
  });

  describe('roles', () => {
    it('only a SystemAdministrator creates accounts (403 for Manager and Customer)', async () => {
      for (const token of [tenant.managerToken, tenant.customerToken]) {
        const res = await t.request('POST', '/accounts', { token, body: { name: 'Nope' } });
        expect(res.status).toBe(403);
        expect(res.body.responseStatus.errorCode).toBe('Forbidden');
      }
    });

    it('Customer-role callers cannot create users or tags', async () => {
      const user = await t.request('POST', '/users', {
        token: tenant.customerToken,
        body: { accountId: tenant.accountId, emailAddress: 'x@test.local', password: 'password-123' },
      });
      expect(user.status).toBe(403);
      const tag = await t.request('POST', '/tags', {
        token: tenant.customerToken,
        body: { name: 'x', color: 'Red' },
      });
      expect(tag.status).toBe(403);
    });

    it('a Manager creates users only in their own accounts, and never a SystemAdministrator', async () => {
      const own = await t.request('POST', '/users', {
        token: tenant.managerToken,
        body: {
          accountId: tenant.accountId,
          emailAddress: `m2-${tenant.accountId}@test.local`,
          password: 'password-123',
        },
      });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ roles: ['Manager'], accountIds: [tenant.accountId] });
      expect(own.text).not.toMatch(/password/i);

      const foreign = await t.request('POST', '/users', {
        token: tenant.managerToken,
        body: { accountId: other.accountId, emailAddress: 'intruder@test.local', password: 'password-123' },
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.responseStatus.errors[0].fieldName).toBe('accountId');

      const admin = await t.request('POST', '/users', {
        token: tenant.managerToken,
        body: {
          accountId: tenant.accountId,
          emailAddress: 'root@test.local',
          password: 'password-123',
          roles: ['SystemAdministrator'],
        },
      });
      expect(admin.status).toBe(403);
    });
  });

  describe('tenancy: no data crosses tenants', () => {
    it('lists only the caller’s accounts, customers, tags and flows', async () => {
      const idsOf = async (path: string) =>
        (await ok(t.request('GET', path, { token: tenant.managerToken }))).items.map(
          (row: { id: string }) => row.id,
        );
      expect(await idsOf('/accounts')).toEqual([tenant.accountId]);
      expect((await idsOf('/customers')).sort()).toEqual([tenant.customerId, tenant.childCustomerId].sort());
      expect((await idsOf('/tags')).sort()).toEqual([...tenant.tagIds].sort());
      expect(await idsOf('/flows')).toEqual([tenant.flowId]);
    });

    it('a Customer-role caller sees only their customer subtree', async () => {
      const sibling = await ok(
        t.request('POST', '/customers', { token: tenant.managerToken, body: { name: 'Sibling' } }),
      );
      const seen = await ok(t.request('GET', '/customers', { token: tenant.customerToken }));
      const ids = seen.items.map((c: { id: string }) => c.id).sort();
      expect(ids).toEqual([tenant.customerId, tenant.childCustomerId].sort());
      const direct = await t.request('GET', `/customers/${sibling.id}`, { token: tenant.customerToken });
      expect(direct.status).toBe(404);
    });

    it('reading another tenant’s account or customer by id is a 404 without its data', async () => {
      const account = await t.request('GET', `/accounts/${other.accountId}`, { token: tenant.managerToken });
      expect(account.status).toBe(404);
      expect(account.text).not.toContain(other.accountName);
      const customer = await t.request('GET', `/customers/${other.customerId}`, {
        token: tenant.managerToken,
      });
      expect(customer.status).toBe(404);
    });

    it('filtering by another tenant’s account id returns nothing of it', async () => {
      const tags = await ok(
        t.request('GET', `/tags?accountIds=${other.accountId}`, { token: tenant.managerToken }),
      );
      expect(tags).toEqual({
        items: [],
        totalCount: 0,
        totalPages: 0,
        hasMorePages: false,
        nextCursor: null,
      });
    });
  });
});
