import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { param, spec } from '../factories/evo-flow';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

/** Names that are keys of every plain object (its prototype, or one of the prototype's members). */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
/** Refused as keys anywhere in a request (a 400 naming the field); the others are plain keys. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const PLAIN_KEYS = PROTOTYPE_KEYS.filter((key) => !FORBIDDEN.has(key));
const LISTS = ['/customers', '/endpoints', '/tags', '/flows', '/accounts'];

describe('request keys that name prototype members', () => {
  let t: TestApp;
  let tenant: Tenant;
  let endpointId: string;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    const endpoint = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number: nextNumber() },
      }),
    );
    endpointId = endpoint.id;
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

  it('refuses the forbidden names as query keys with a 400 naming them, and ignores the others', async () => {
    for (const key of PROTOTYPE_KEYS) {
      for (const path of ['/customers', '/api/ListCustomers', `/endpoints/${endpointId}`]) {
        for (const query of [`${key}=x`, `${key}=a&${key}=b`, `${key}[x]=1`]) {
          const res = await t.request('GET', `${path}?${query}`, { token: tenant.managerToken });
          const refused = FORBIDDEN.has(key) && !query.includes('[');
          expect({ path, query, status: res.status }).toEqual({ path, query, status: refused ? 400 : 200 });
          if (refused) expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: key });
        }
      }
    }
    for (const key of FORBIDDEN) {
      const filter = JSON.stringify({ a: { structValue: { [key]: { stringValue: 'x' } } } });
      const res = await t.request('GET', `/endpoints?flowParametersFilter=${encodeURIComponent(filter)}`, {
        token: tenant.managerToken,
      });
      expect({ key, status: res.status }).toEqual({ key, status: 400 });
      expect(res.body.responseStatus.errors[0]).toMatchObject({
        fieldName: `flowParametersFilter.a.structValue.${key}`,
      });
    }
    await expectAuthenticationStillWorks();
  });

  it('refuses the forbidden names as body keys (JSON or form) with a 400 naming them, and ignores the others', async () => {
    const patch = (body: string, contentType: string, path: string) =>
      t.request('PATCH', path, {
        token: tenant.managerToken,
        rawBody: body,
        headers: { 'content-type': contentType },
      });
    for (const key of PROTOTYPE_KEYS) {
      const pascal = key[0].toUpperCase() + key.slice(1);
      const sent: [string, string, boolean][] = [
        [
          `{"${key}": {"displayName": "polluted"}, "displayName": "Reception"}`,
          'application/json',
          FORBIDDEN.has(key),
        ],
        // The same name escaped: JSON reads it as the same key.
        [
          `{"\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}": {}, "displayName": "Reception"}`,
          'text/plain',
          FORBIDDEN.has(key),
        ],
        // Bound case-insensitively, but not a property: ignored (`__proto__` has no other case).
        [`{"${pascal}": {"x": 1}, "DisplayName": "Reception"}`, 'text/plain', key === '__proto__'],
        [
          `${encodeURIComponent(key)}=x&displayName=Reception`,
          'application/x-www-form-urlencoded',
          FORBIDDEN.has(key),
        ],
      ];
      for (const [body, contentType, refused] of sent) {
        for (const path of [`/endpoints/${endpointId}`, `/api/PatchEndpoint?endpointId=${endpointId}`]) {
          const res = await patch(body, contentType, path);
          expect({ body, path, status: res.status }).toEqual({ body, path, status: refused ? 400 : 200 });
          if (refused) expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: key });
          else expect(res.body.displayName).toBe('Reception');
        }
      }
    }
    for (const key of FORBIDDEN) {
      const nested = await patch(
        `{"displayName": "x", "data": {"a": {"structValue": {"${key}": {}}}}}`,
        'application/json',
        `/endpoints/${endpointId}`,
      );
      expect({ key, status: nested.status }).toEqual({ key, status: 400 });
      expect(nested.body.responseStatus.errors[0]).toMatchObject({ fieldName: `data.a.structValue.${key}` });
    }
    const endpoint = await ok(t.request('GET', `/endpoints/${endpointId}`, { token: tenant.managerToken }));
    expect(endpoint.displayName).toBe('Reception');
    expect(({} as Record<string, unknown>).displayName).toBeUndefined();
    await expectAuthenticationStillWorks();
  });

  it('stores the other names as plain Struct keys, answers them as sent and filters on them', async () => {
    const data = Object.fromEntries(
      PLAIN_KEYS.map((key) => [
        key,
        { stringValue: `${key} value`, structValue: { [key]: { numberValue: 1 } } },
      ]),
    );
    const patched = await t.request('PATCH', `/endpoints/${endpointId}`, {
      token: tenant.managerToken,
      body: { data, flowParams: data },
    });
    expect(patched.status).toBe(200);
    const endpoint = await ok(t.request('GET', `/endpoints/${endpointId}`, { token: tenant.managerToken }));
    expect(endpoint.data).toEqual(data);
    expect(endpoint.flowParams).toEqual(data);
    for (const key of PLAIN_KEYS) {
      const filtered = await t.request(
        'GET',
        `/endpoints?dataFilters=${encodeURIComponent(`${key}=${key} value`)}`,
        {
          token: tenant.managerToken,
        },
      );
      expect({ key, status: filtered.status }).toEqual({ key, status: 200 });
      expect(filtered.body.items.map((e: { id: string }) => e.id)).toEqual([endpointId]);
    }
    await expectAuthenticationStillWorks();
  });

  it('takes every name as a custom field or flow parameter name, and the plain ones as node parameter keys', async () => {
    const settings = await t.request('PATCH', '/system/settings', {
      token: await t.adminToken(),
      body: {
        accountId: tenant.accountId,
        customerFields: PROTOTYPE_KEYS.map((name) => ({ name, type: 'String' })),
      },
    });
    expect(settings.status).toBe(200);
    expect(settings.body.customerFields.map((f: { name: string }) => f.name)).toEqual(PROTOTYPE_KEYS);
    const flow = await t.request('PATCH', `/flows/${tenant.flowId}`, {
      token: tenant.managerToken,
      body: { parameters: PROTOTYPE_KEYS.map((name) => ({ name, type: 'String' })) },
    });
    expect(flow.status).toBe(200);
    expect(flow.body.parameters.map((p: { name: string }) => p.name)).toEqual(PROTOTYPE_KEYS);
    // Node parameters are a map keyed by name.
    const parameters = Object.fromEntries(PLAIN_KEYS.map((name) => [name, param('String', name)]));
    const nodes = [{ id: 'start', name: 'Say', isStartNode: true, spec: spec('SayNode'), parameters }];
    const graph = await t.request('PATCH', `/flows/${tenant.flowId}`, {
      token: tenant.managerToken,
      body: { nodes },
    });
    expect(graph.status).toBe(200);
    expect(graph.body.nodes).toEqual(nodes);
    for (const key of FORBIDDEN) {
      const refused = await t.request('PATCH', `/flows/${tenant.flowId}`, {
        token: tenant.managerToken,
        rawBody: JSON.stringify({ nodes }).replace('"toString"', `"${key}"`),
        headers: { 'content-type': 'application/json' },
      });
      expect({ key, status: refused.status }).toEqual({ key, status: 400 });
      expect(refused.body.responseStatus.errors[0]).toMatchObject({
        fieldName: `nodes[0].parameters.${key}`,
      });
    }
    await expectAuthenticationStillWorks();
  });
});
