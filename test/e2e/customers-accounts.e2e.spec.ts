import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id);
const sorted = (values: string[]) => [...values].sort();

describe('customers (ListCustomers, GetCustomer, PatchCustomer, DeleteCustomer) and accounts', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  /** tenant.customerId > child > grandchild; sibling is another root. */
  let grandchild: any;
  let sibling: any;

  const newCustomer = (body: Record<string, unknown>, token = tenant.managerToken) =>
    ok(t.request('POST', '/customers', { token, body }));
  const list = (query: string, token = tenant.managerToken) =>
    ok(t.request('GET', `/customers?${query}`, { token }));
  const patch = (id: string, body: unknown, token = tenant.managerToken) =>
    t.request('PATCH', `/customers/${id}`, { token, body });

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
    grandchild = await newCustomer({
      name: 'Grandchild',
      parentCustomerId: tenant.childCustomerId,
      referenceId: 'g-1',
    });
    sibling = await newCustomer({ name: 'Sibling' });
  }, 180_000);
  afterAll(() => t?.close());

  describe('GET /customers', () => {
    it('pages and sorts', async () => {
      const page = await list('countPerPage=3&sortField=name&sortOrder=Descend');
      expect(page).toMatchObject({ totalCount: 4, totalPages: 2, hasMorePages: true });
      const names = page.items.map((c: any) => c.name);
      expect(names).toEqual([...names].sort().reverse());
      const bad = await t.request('GET', '/customers?sortField=path', { token: tenant.managerToken });
      expect(bad.status).toBe(400);
      expect(bad.body.responseStatus.errors[0].fieldName).toBe('sortField');
    });

    it.each([
      ['nameFilter', () => 'nameFilter=grand', () => [grandchild.id]],
      [
        'parentCustomerIds (whole subtree)',
        () => `parentCustomerIds=${tenant.customerId}`,
        () => [tenant.childCustomerId, grandchild.id],
      ],
      [
        'parentCustomerIds with shallowParent',
        () => `parentCustomerIds=${tenant.customerId}&shallowParent=true`,
        () => [tenant.childCustomerId],
      ],
      [
        'accountIds',
        () => `accountIds=${tenant.accountId}`,
        () => [tenant.customerId, tenant.childCustomerId, grandchild.id, sibling.id],
      ],
      ['accountIds of another tenant', () => `accountIds=${other.accountId}`, () => []],
    ])('filters by %s', async (_name, query, expected) => {
      expect(sorted(ids(await list(query())))).toEqual(sorted(expected()));
    });

    it('filters by tagIds (all of them)', async () => {
      await ok(patch(sibling.id, { tagIds: tenant.tagIds }));
      await ok(patch(grandchild.id, { tagIds: [tenant.tagIds[0]] }));
      expect(sorted(ids(await list(`tagIds=${tenant.tagIds[0]}`)))).toEqual(
        sorted([sibling.id, grandchild.id]),
      );
      expect(ids(await list(`tagIds=${tenant.tagIds[0]}&tagIds=${tenant.tagIds[1]}`))).toEqual([sibling.id]);
    });

    it('a Customer-role caller lists only their subtree', async () => {
      expect(sorted(ids(await list('', tenant.customerToken)))).toEqual(
        sorted([tenant.customerId, tenant.childCustomerId, grandchild.id]),
      );
    });
  });

  describe('PATCH /customers/{id}', () => {
    it('changes name, reference id, data, tags and schedule', async () => {
      const schedule = {
        timeZoneId: 'Europe/Paris',
        rules: [{ name: 'Lunch', startTime: '12:00', endTime: '13:00' }],
      };
      const updated = await ok(
        patch(sibling.id, {
          name: 'Sibling Renamed',
          referenceId: 'ref-s',
          data: { tier: { stringValue: 'gold' } },
          schedule,
        }),
      );
      expect(updated).toMatchObject({
        name: 'Sibling Renamed',
        referenceId: 'ref-s',
        data: { tier: { stringValue: 'gold' } },
        schedule,
      });
      expect(updated.tags.map((x: any) => x.id).sort()).toEqual([...tenant.tagIds].sort());
      expect(await ok(t.request('GET', `/customers/${sibling.id}`, { token: tenant.managerToken }))).toEqual(
        updated,
      );
    });

    it('moves a subtree under a new parent, rewriting every breadcrumb below it', async () => {
      const moved = await ok(patch(tenant.childCustomerId, { parentCustomerId: sibling.id }));
      expect(moved.breadcrumb.map((c: any) => c.id)).toEqual([sibling.id, tenant.childCustomerId]);
      const below = await ok(t.request('GET', `/customers/${grandchild.id}`, { token: tenant.managerToken }));
      expect(below.breadcrumb.map((c: any) => c.id)).toEqual([
        sibling.id,
        tenant.childCustomerId,
        grandchild.id,
      ]);
      expect(sorted(ids(await list(`parentCustomerIds=${sibling.id}`)))).toEqual(
        sorted([tenant.childCustomerId, grandchild.id]),
      );
      // The Customer-role user of the old parent no longer sees the moved subtree.
      expect(ids(await list('', tenant.customerToken))).toEqual([tenant.customerId]);
      // Back again, then to the top level.
      await ok(patch(tenant.childCustomerId, { parentCustomerId: tenant.customerId }));
      const root = await ok(patch(grandchild.id, { parentCustomerId: null }));
      expect(root.breadcrumb.map((c: any) => c.id)).toEqual([grandchild.id]);
      await ok(patch(grandchild.id, { parentCustomerId: tenant.childCustomerId }));
    });

    it('refuses cycles and invalid fields, naming the field, and changes nothing', async () => {
      const before = await ok(
        t.request('GET', `/customers/${tenant.customerId}`, { token: tenant.managerToken }),
      );
      for (const [body, field, code] of [
        [{ parentCustomerId: tenant.customerId }, 'parentCustomerId', 'Cycle'],
        [{ parentCustomerId: grandchild.id }, 'parentCustomerId', 'Cycle'],
        [{ parentCustomerId: other.customerId }, 'parentCustomerId', 'NotFound'],
        [{ tagIds: [other.tagIds[0]] }, 'tagIds', 'NotFound'],
        [{ name: '' }, 'name', 'NotEmpty'],
        [{ schedule: { timeZoneId: 'Nowhere/Land' } }, 'schedule.timeZoneId', 'Invalid'],
        [{ schedule: { rules: [{ startDate: '31-01-2026' }] } }, 'schedule.rules[0].startDate', 'Invalid'],
      ] as const) {
        const res = await patch(tenant.customerId, { referenceId: 'should-not-stick', ...body });
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: field, errorCode: code });
      }
      expect(
        await ok(t.request('GET', `/customers/${tenant.customerId}`, { token: tenant.managerToken })),
      ).toEqual(before);
    });

    it('a Customer-role caller edits inside their subtree but cannot move a customer out of it', async () => {
      expect((await ok(patch(grandchild.id, { name: 'Grandchild' }, tenant.customerToken))).name).toBe(
        'Grandchild',
      );
      const out = await patch(grandchild.id, { parentCustomerId: null }, tenant.customerToken);
      expect(out.status).toBe(400);
      const elsewhere = await patch(grandchild.id, { parentCustomerId: sibling.id }, tenant.customerToken);
      expect(elsewhere.body.responseStatus.errors[0].fieldName).toBe('parentCustomerId');
      expect((await patch(sibling.id, { name: 'x' }, tenant.customerToken)).status).toBe(404);
    });

    it('another tenant can neither read, change nor delete the customer (404)', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'Owned' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await t.request(method, `/customers/${sibling.id}?cascade=true`, {
          token: other.managerToken,
          body,
        });
        expect({ method, status: res.status }).toEqual({ method, status: 404 });
      }
      expect(
        (await ok(t.request('GET', `/customers/${sibling.id}`, { token: tenant.managerToken }))).name,
      ).toBe('Sibling Renamed');
    });
  });

  describe('DELETE /customers/{id}', () => {
    it('refuses while it has children or endpoints; cascade deletes the subtree and keeps the endpoints in the account', async () => {
      const endpoint = await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: tenant.managerToken,
          body: { number: nextNumber(), isVirtualPhoneNumber: true, customerId: grandchild.id },
        }),
      );
      const withChildren = await t.request('DELETE', `/customers/${tenant.childCustomerId}`, {
        token: tenant.managerToken,
      });
      expect(withChildren.status).toBe(409);
      expect(withChildren.body.responseStatus.errorCode).toBe('CustomerHasChildren');
      const withEndpoints = await t.request('DELETE', `/customers/${grandchild.id}`, {
        token: tenant.managerToken,
      });
      expect(withEndpoints.status).toBe(409);
      expect(withEndpoints.body.responseStatus).toMatchObject({
        errorCode: 'CustomerHasEndpoints',
        message: expect.stringContaining('1 endpoint'),
      });
      expect(
        (await t.request('DELETE', `/customers/${grandchild.id}`, { token: tenant.customerToken })).status,
      ).toBe(403);

      const cascaded = await t.request('DELETE', `/customers/${tenant.childCustomerId}?cascade=true`, {
        token: tenant.managerToken,
      });
      expect(cascaded.status).toBe(204);
      for (const id of [tenant.childCustomerId, grandchild.id])
        expect((await t.request('GET', `/customers/${id}`, { token: tenant.managerToken })).status).toBe(404);
      const kept = await ok(t.request('GET', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }));
      expect(kept).toMatchObject({ customerId: null, accountId: tenant.accountId });
    });

    it('deletes a leaf customer without endpoints', async () => {
      const leaf = await newCustomer({ name: 'Leaf', parentCustomerId: sibling.id });
      expect(
        (await t.request('DELETE', `/customers/${leaf.id}`, { token: tenant.managerToken })).status,
      ).toBe(204);
      expect((await t.request('GET', `/customers/${leaf.id}`, { token: tenant.managerToken })).status).toBe(
        404,
      );
    });
  });

  describe('accounts', () => {
    it('GET /accounts answers a ListResponse: everything for an administrator, own accounts for a Manager', async () => {
      const admin = await t.adminToken();
      const all = await ok(t.request('GET', '/accounts?countPerPage=1', { token: admin }));
      expect(all).toMatchObject({ totalCount: 2, totalPages: 2, hasMorePages: true });
      expect(ids(await ok(t.request('GET', '/accounts', { token: tenant.managerToken })))).toEqual([
        tenant.accountId,
      ]);
      expect(
        ids(
          await ok(
            t.request('GET', `/accounts?specificIds=${other.accountId}`, { token: tenant.managerToken }),
          ),
        ),
      ).toEqual([]);
      const bad = await t.request('GET', '/accounts?sortField=twilioAuthTokenEncrypted', { token: admin });
      expect(bad.body.responseStatus.errors[0].fieldName).toBe('sortField');
    });

    it('DELETE /accounts/{id} is for administrators, refused while endpoints remain, then removes what the account holds', async () => {
      const admin = await t.adminToken();
      const doomed = await createTenant(t);
      const endpoint = await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: doomed.managerToken,
          body: {
            number: nextNumber(),
            isVirtualPhoneNumber: true,
            tagIds: doomed.tagIds,
            flowId: doomed.flowId,
          },
        }),
      );
      expect(
        (await t.request('DELETE', `/accounts/${doomed.accountId}`, { token: doomed.managerToken })).status,
      ).toBe(403);
      const refused = await t.request('DELETE', `/accounts/${doomed.accountId}`, { token: admin });
      expect(refused.status).toBe(409);
      expect(refused.body.responseStatus.errorCode).toBe('AccountHasEndpoints');
      expect((await ok(t.request('GET', `/flows/${doomed.flowId}`, { token: admin }))).id).toBe(
        doomed.flowId,
      );

      expect(
        (await t.request('DELETE', `/endpoints/${endpoint.id}`, { token: doomed.managerToken })).status,
      ).toBe(204);
      expect((await t.request('DELETE', `/accounts/${doomed.accountId}`, { token: admin })).status).toBe(204);
      expect((await t.request('GET', `/accounts/${doomed.accountId}`, { token: admin })).status).toBe(404);
      for (const path of [
        `/customers/${doomed.customerId}`,
        `/flows/${doomed.flowId}`,
        `/tags/${doomed.tagIds[0]}`,
      ])
        expect((await t.request('GET', path, { token: admin })).status).toBe(404);
      // Its users no longer belong to it.
      const status = await ok(t.request('GET', '/auth/status', { token: doomed.managerToken }));
      expect(status).toMatchObject({ accountIds: [], accountNames: [] });
      // The other tenants are untouched.
      expect((await ok(t.request('GET', '/tags', { token: tenant.managerToken }))).totalCount).toBe(2);
    }, 60_000);

    it('deleting an unknown account is a 404', async () => {
      expect(
        (await t.request('DELETE', '/accounts/does-not-exist', { token: await t.adminToken() })).status,
      ).toBe(404);
    });
  });
});
