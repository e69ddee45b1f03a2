import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

/**
 * What a Customer-role caller may set and see: every id-bearing field refuses an empty string, an
 * endpoint never leaves the caller's subtree, the emergency phone number is one the caller may see,
 * and the account's flows are visible only when shared (no customer), the caller's ancestors' or its
 * subtree's, never a sibling's.
 */
describe('customer scope: id fields, emergencyPhoneNumberId, flow visibility', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  /** Root customers of tenant's account beside tenant.customerId (where the Customer-role user sits). */
  let sibling: any;
  /** Endpoints: one in the caller's customer, one in its sibling, one of the other tenant, a fax number. */
  let own: any;
  let siblings: any;
  let foreign: any;
  let fax: any;
  /** Flows of tenant's account: shared (tenant.flowId), of the caller's customer, of its child, of the sibling. */
  let ownFlow: any;
  let childFlow: any;
  let siblingFlow: any;
  /** A Customer-role user of the child customer (for whom tenant.customerId is an ancestor). */
  let childToken: string;

  const buy = (body: Record<string, unknown>, token: string) =>
    t.request('POST', '/endpoints/phone-numbers', { token, body: { number: nextNumber(), ...body } });
  const fieldOf = (res: { body: any }) => res.body.responseStatus?.errors?.[0]?.fieldName;
  const newFlow = (body: Record<string, unknown>) =>
    ok(
      t.request('POST', '/flows', {
        token: tenant.managerToken,
        body: { accountId: tenant.accountId, ...body },
      }),
    );

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
    const admin = await t.adminToken();
    sibling = await ok(
      t.request('POST', '/customers', {
        token: admin,
        body: { accountId: tenant.accountId, name: 'Sibling' },
      }),
    );
    own = await ok(buy({ customerId: tenant.customerId }, tenant.managerToken));
    siblings = await ok(buy({ customerId: sibling.id }, tenant.managerToken));
    foreign = await ok(buy({}, other.managerToken));
    fax = await ok(buy({ customerId: tenant.customerId, isFaxNumber: true }, tenant.managerToken));
    ownFlow = await newFlow({ name: 'Own flow', customerId: tenant.customerId });
    childFlow = await newFlow({ name: 'Child flow', customerId: tenant.childCustomerId });
    siblingFlow = await newFlow({ name: 'Sibling flow', customerId: sibling.id });
    const email = `child-${Date.now()}@test.local`;
    await ok(
      t.request('POST', '/users', {
        token: admin,
        body: {
          accountId: tenant.accountId,
          emailAddress: email,
          password: tenant.password,
          roles: ['Customer'],
          customerId: tenant.childCustomerId,
        },
      }),
    );
    childToken = await t.login(email, tenant.password);
  }, 180_000);
  afterAll(() => t?.close());

  describe('an empty string is never an id', () => {
    it('a Customer-role caller buying with customerId "" gets a 400 naming customerId, and nothing is stored', async () => {
      const before = await ok(t.request('GET', '/endpoints?all=true', { token: tenant.managerToken }));
      const res = await buy({ customerId: '' }, tenant.customerToken);
      expect(res.status).toBe(400);
      expect(fieldOf(res)).toBe('customerId');
      const after = await ok(t.request('GET', '/endpoints?all=true', { token: tenant.managerToken }));
      expect(after.totalCount).toBe(before.totalCount);
    });

    it('a Customer-role caller cannot move its endpoint out of its subtree with customerId ""', async () => {
      const res = await t.request('PATCH', `/endpoints/${own.id}`, {
        token: tenant.customerToken,
        body: { customerId: '' },
      });
      expect(res.status).toBe(400);
      expect(fieldOf(res)).toBe('customerId');
      const stored = await ok(t.request('GET', `/endpoints/${own.id}`, { token: tenant.customerToken }));
      expect(stored.customerId).toBe(tenant.customerId);
    });

    it.each([
      [
        'BuyPhoneNumber',
        'POST',
        'accountId',
        () => '/endpoints/phone-numbers',
        () => ({ number: nextNumber() }),
      ],
      [
        'BuyPhoneNumber',
        'POST',
        'customerId',
        () => '/endpoints/phone-numbers',
        () => ({ number: nextNumber() }),
      ],
      [
        'BuyPhoneNumber',
        'POST',
        'flowId',
        () => '/endpoints/phone-numbers',
        () => ({ number: nextNumber() }),
      ],
      ['PatchEndpoint', 'PATCH', 'customerId', () => `/endpoints/${own.id}`, () => ({})],
      ['PatchEndpoint', 'PATCH', 'flowId', () => `/endpoints/${own.id}`, () => ({})],
      ['PatchEndpoint', 'PATCH', 'emergencyPhoneNumberId', () => `/endpoints/${own.id}`, () => ({})],
      ['NewCustomer', 'POST', 'parentCustomerId', () => '/customers', () => ({ name: 'X' })],
      ['NewCustomer', 'POST', 'accountId', () => '/customers', () => ({ name: 'X' })],
      [
        'PatchCustomer',
        'PATCH',
        'parentCustomerId',
        () => `/customers/${tenant.childCustomerId}`,
        () => ({}),
      ],
      ['NewFlow', 'POST', 'customerId', () => '/flows', () => ({ name: 'X' })],
      ['PatchFlow', 'PATCH', 'customerId', () => `/flows/${tenant.flowId}`, () => ({})],
    ])(
      '%s (%s) with %s "" is a 400 naming the field (as a Manager)',
      async (_op, method, field, path, base) => {
        const res = await t.request(method, path(), {
          token: tenant.managerToken,
          body: { ...base(), [field]: '' },
        });
        expect(res.status).toBe(400);
        expect(fieldOf(res)).toBe(field);
      },
    );

    it('a Customer-role caller creates customers only inside its subtree', async () => {
      for (const parentCustomerId of ['', sibling.id, other.customerId]) {
        const res = await t.request('POST', '/customers', {
          token: tenant.customerToken,
          body: { name: 'Escapee', parentCustomerId },
        });
        expect({ parentCustomerId, status: res.status, field: fieldOf(res) }).toEqual({
          parentCustomerId,
          status: 400,
          field: 'parentCustomerId',
        });
      }
      const res = await t.request('PATCH', `/customers/${tenant.childCustomerId}`, {
        token: tenant.customerToken,
        body: { parentCustomerId: sibling.id },
      });
      expect(res.status).toBe(400);
      expect(fieldOf(res)).toBe('parentCustomerId');
      const names = (
        await ok(t.request('GET', '/customers?all=true', { token: tenant.managerToken }))
      ).items.map((c: any) => c.name);
      expect(names).not.toContain('Escapee');
    });
  });

  it('a Customer-role user whose customer was deleted sees nothing and gets no 5xx', async () => {
    const admin = await t.adminToken();
    const gone = await ok(
      t.request('POST', '/customers', { token: admin, body: { accountId: tenant.accountId, name: 'Gone' } }),
    );
    const email = `gone-${Date.now()}@test.local`;
    await ok(
      t.request('POST', '/users', {
        token: admin,
        body: {
          accountId: tenant.accountId,
          emailAddress: email,
          password: tenant.password,
          roles: ['Customer'],
          customerId: gone.id,
        },
      }),
    );
    const token = await t.login(email, tenant.password);
    expect((await t.request('DELETE', `/customers/${gone.id}`, { token: admin })).status).toBe(204);
    for (const path of ['/customers', '/endpoints', '/flows', '/flows/available-nodes']) {
      const res = await t.request('GET', path, { token });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      if (path !== '/flows/available-nodes')
        expect({ path, items: res.body.items }).toEqual({ path, items: [] });
    }
    const bought = await buy({}, token);
    expect(bought.status).toBeGreaterThanOrEqual(400);
    expect(bought.status).toBeLessThan(500);
  });

  describe('emergencyPhoneNumberId', () => {
    it('takes a phone number of the same account the caller may see, and null', async () => {
      const set = await ok(
        t.request('PATCH', `/endpoints/${own.id}`, {
          token: tenant.customerToken,
          body: { emergencyPhoneNumberId: own.id },
        }),
      );
      expect(set.emergencyPhoneNumberId).toBe(own.id);
      const manager = await ok(
        t.request('PATCH', `/endpoints/${own.id}`, {
          token: tenant.managerToken,
          body: { emergencyPhoneNumberId: siblings.id },
        }),
      );
      expect(manager.emergencyPhoneNumberId).toBe(siblings.id);
      const cleared = await ok(
        t.request('PATCH', `/endpoints/${own.id}`, {
          token: tenant.managerToken,
          body: { emergencyPhoneNumberId: null },
        }),
      );
      expect(cleared.emergencyPhoneNumberId ?? null).toBeNull();
    });

    it.each([
      ["another tenant's phone number", () => tenant.managerToken, () => foreign.id],
      ['an id that exists nowhere', () => tenant.managerToken, () => '00000000-0000-4000-8000-000000000000'],
      ['a fax number of the same account', () => tenant.managerToken, () => fax.id],
      ['a flow id', () => tenant.managerToken, () => tenant.flowId],
      ["(as a Customer) a sibling customer's phone number", () => tenant.customerToken, () => siblings.id],
    ])('refuses %s with a 400 naming the field, changing nothing', async (_name, token, id) => {
      const res = await t.request('PATCH', `/endpoints/${own.id}`, {
        token: token(),
        body: { emergencyPhoneNumberId: id(), displayName: 'Changed' },
      });
      expect(res.status).toBe(400);
      expect(fieldOf(res)).toBe('emergencyPhoneNumberId');
      const stored = await ok(t.request('GET', `/endpoints/${own.id}`, { token: tenant.managerToken }));
      expect(stored.displayName).not.toBe('Changed');
      expect(stored.emergencyPhoneNumberId ?? null).not.toBe(id());
    });
  });

  describe('flows a Customer-role caller may see', () => {
    const flowIds = (page: any) => page.items.map((f: any) => f.id);

    it('lists shared flows, its ancestors’ and its subtree’s, never a sibling’s', async () => {
      const mine = flowIds(await ok(t.request('GET', '/flows?all=true', { token: tenant.customerToken })));
      expect(mine.sort()).toEqual([tenant.flowId, ownFlow.id, childFlow.id].sort());
      const childs = flowIds(await ok(t.request('GET', '/flows?all=true', { token: childToken })));
      expect(childs.sort()).toEqual([tenant.flowId, ownFlow.id, childFlow.id].sort());
      const filtered = await ok(
        t.request('GET', `/flows?customerIds=${sibling.id}`, { token: tenant.customerToken }),
      );
      expect(filtered.items).toEqual([]);
      const manager = flowIds(await ok(t.request('GET', '/flows?all=true', { token: tenant.managerToken })));
      expect(manager).toContain(siblingFlow.id);
    });

    it('GET /flows/{id} of a sibling’s flow is a 404; of a shared, own, ancestor’s or child’s flow a 200', async () => {
      expect(
        (await t.request('GET', `/flows/${siblingFlow.id}`, { token: tenant.customerToken })).status,
      ).toBe(404);
      expect((await t.request('GET', `/flows/${childFlow.id}`, { token: childToken })).status).toBe(200);
      expect((await t.request('GET', `/flows/${ownFlow.id}`, { token: childToken })).status).toBe(200);
      expect((await t.request('GET', `/flows/${childFlow.id}`, { token: tenant.customerToken })).status).toBe(
        200,
      );
      expect((await t.request('GET', `/flows/${tenant.flowId}`, { token: childToken })).status).toBe(200);
    });

    it('a child customer’s user does not see the flows of its ancestor’s sibling', async () => {
      expect((await t.request('GET', `/flows/${siblingFlow.id}`, { token: childToken })).status).toBe(404);
    });

    it('PATCH, copy and DELETE of a sibling’s flow are refused and change nothing', async () => {
      for (const [method, path, body] of [
        ['PATCH', `/flows/${siblingFlow.id}`, { name: 'Taken' }],
        ['POST', `/flows/${siblingFlow.id}/copy`, {}],
        ['DELETE', `/flows/${siblingFlow.id}`, undefined],
      ] as const) {
        const res = await t.request(method, path, { token: tenant.customerToken, body });
        expect({ method, refused: res.status === 403 || res.status === 404 }).toEqual({
          method,
          refused: true,
        });
      }
      const stored = await ok(t.request('GET', `/flows/${siblingFlow.id}`, { token: tenant.managerToken }));
      expect(stored.name).toBe('Sibling flow');
    });

    it('available-nodes offers no sibling’s flow, and refuses one as flowId (404)', async () => {
      const nodes = await ok(t.request('GET', '/flows/available-nodes', { token: tenant.customerToken }));
      const urls = nodes.map((n: any) => n.url);
      expect(urls).toContain(`/flows/start?flowId=${ownFlow.id}`);
      expect(urls).toContain(`/flows/start?flowId=${tenant.flowId}`);
      expect(urls).not.toContain(`/flows/start?flowId=${siblingFlow.id}`);
      const res = await t.request('GET', `/flows/available-nodes?flowId=${siblingFlow.id}`, {
        token: tenant.customerToken,
      });
      expect(res.status).toBe(404);
    });

    it('GET /packages refuses a sibling’s flow (400 naming flowIds[0]) and exports a visible one', async () => {
      const res = await t.request('GET', `/packages?flowIds=${siblingFlow.id}`, {
        token: tenant.customerToken,
      });
      expect(res.status).toBe(400);
      expect(fieldOf(res)).toBe('flowIds[0]');
      const pkg = await ok(
        t.request('GET', `/packages?flowIds=${ownFlow.id}`, { token: tenant.customerToken }),
      );
      expect(pkg.flows.map((f: any) => f.name)).toEqual(['Own flow']);
    });

    it('a Customer-role caller cannot route its endpoints to a sibling’s flow (400 naming flowId)', async () => {
      const patched = await t.request('PATCH', `/endpoints/${own.id}`, {
        token: tenant.customerToken,
        body: { flowId: siblingFlow.id },
      });
      expect(patched.status).toBe(400);
      expect(fieldOf(patched)).toBe('flowId');
      const bought = await buy({ flowId: siblingFlow.id }, tenant.customerToken);
      expect(bought.status).toBe(400);
      expect(fieldOf(bought)).toBe('flowId');
      await ok(
        t.request('PATCH', `/endpoints/${own.id}`, {
          token: tenant.customerToken,
          body: { flowId: ownFlow.id },
        }),
      );
    });

    it('a customer’s schedule rules pick only flows the caller may see (400 naming the rule), else nothing changes', async () => {
      const rule = (flowId: string) => ({
        schedule: {
          timeZoneId: 'America/New_York',
          rules: [
            { id: 'r0', name: 'Always', simpleRuleType: 'Always', state: 'Open', priority: 0 },
            { id: 'r1', name: 'Nights', simpleRuleType: 'Always', state: 'Closed', priority: 1, flowId },
          ],
        },
      });
      for (const [token, customerId, flowId] of [
        [tenant.customerToken, tenant.childCustomerId, siblingFlow.id],
        [
          tenant.managerToken,
          tenant.customerId,
          (await ok(t.request('GET', `/flows?all=true`, { token: other.managerToken }))).items[0].id,
        ],
      ] as const) {
        const refused = await t.request('PATCH', `/customers/${customerId}`, { token, body: rule(flowId) });
        expect(refused.status).toBe(400);
        expect(fieldOf(refused)).toBe('schedule.rules[1].flowId');
        const stored = await ok(t.request('GET', `/customers/${customerId}`, { token: tenant.managerToken }));
        expect(JSON.stringify(stored.schedule ?? null)).not.toContain(flowId);
      }
      const allowed = await ok(
        t.request('PATCH', `/customers/${tenant.childCustomerId}`, {
          token: tenant.customerToken,
          body: rule(ownFlow.id),
        }),
      );
      expect(allowed.schedule.rules[1].flowId).toBe(ownFlow.id);
    });
  });
});
