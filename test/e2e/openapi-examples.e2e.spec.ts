import { EXAMPLE_IDS } from '../../src/common/openapi/request-examples';
import { createTenant, ok, Tenant } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

/** The example bodies Swagger UI prefills: each works as it is, once its ids are the caller's. */
describe('OpenAPI request examples', () => {
  let t: TestApp;
  let tenant: Tenant;
  let document: any;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    document = (await t.request('GET', '/swagger-json')).body;
  });
  afterAll(() => t?.close());

  const operations = (): { method: string; path: string; operation: any }[] =>
    Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
    );

  it('gives every request body an example, small and free of "string" placeholders', () => {
    const withBody = operations().filter((o) => o.operation.requestBody);
    expect(withBody.length).toBeGreaterThan(15);
    for (const { operation } of withBody) {
      const example = operation.requestBody.content['application/json']?.example;
      expect({ operationId: operation.operationId, example }).toEqual({
        operationId: operation.operationId,
        example: expect.any(Object),
      });
      const json = JSON.stringify(example);
      expect(json).not.toContain('"string"');
      expect(json).not.toContain('additionalProp');
      expect(json.length).toBeLessThan(400);
    }
    expect(document.components.schemas.Value.example).toEqual({ stringValue: 'Sales' });
  });

  it('accepts every example body as it is, its ids replaced by the caller’s', async () => {
    const admin = await t.adminToken();
    const virtual = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: admin,
        body: { accountId: tenant.accountId, number: '+15005550010', isVirtualPhoneNumber: true },
      }),
    );
    const login = await ok(
      t.request('POST', '/auth/credentials', { body: { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD } }),
    );
    const ids: Record<string, string> = {
      [EXAMPLE_IDS.accountId]: tenant.accountId,
      [EXAMPLE_IDS.endpointId]: virtual.id,
      accountId: tenant.accountId,
      customerId: tenant.customerId,
      tagId: tenant.tagIds[0],
      flowId: tenant.flowId,
      endpointId: virtual.id,
    };
    const fill = (value: unknown): unknown =>
      typeof value === 'string'
        ? (ids[value] ?? value)
        : Array.isArray(value)
          ? value.map(fill)
          : typeof value === 'object' && value !== null
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]))
            : value;

    const answers: Record<string, { status: number; fields: string[] }> = {};
    for (const { method, path, operation } of operations()) {
      if (!operation.requestBody) continue;
      const body = fill(operation.requestBody.content['application/json'].example) as Record<string, any>;
      if (operation.operationId === 'Authenticate')
        Object.assign(body, { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      if (operation.operationId === 'GetAccessToken') body.refreshToken = login.refreshToken;
      // Webhooks are only ever pointed at loopback here (a refusal naming url alone is fine too).
      if (operation.operationId === 'NewWebhook') body.url = 'http://127.0.0.1:9/hooks/evo';
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);
      const res = await t.request(method.toUpperCase(), url, { token: admin, body });
      answers[operation.operationId] = {
        status: res.status,
        fields: (res.body?.responseStatus?.errors ?? []).map((e: any) => e.fieldName),
      };
    }
    const { NewWebhook: webhook, ...others } = answers;
    expect(webhook.status === 200 || (webhook.status === 400 && webhook.fields.join() === 'url')).toBe(true);
    expect(Object.entries(others).filter(([, a]) => a.status !== 200)).toEqual([]);
    expect(Object.keys(others).length).toBeGreaterThan(15);
  });
});
