import { ok } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

describe('first start', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ env: { SEED_DEMO_TENANT: 'true' } });
  });
  afterAll(() => t?.close());

  it('creates the SystemAdministrator from BOOTSTRAP_ADMIN_* and a demo tenant to buy with', async () => {
    const token = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const accounts = (await ok(t.request('GET', '/accounts', { token }))).items;
    expect(accounts.map((a: { name: string }) => a.name)).toEqual(['Demo Account']);
    const [tags, flows, customers] = await Promise.all(
      ['/tags', '/flows', '/customers'].map(
        async (path) => (await ok(t.request('GET', path, { token }))).items,
      ),
    );
    // The demo flow is a graph in Evo's shape: a greeting, then hang up.
    expect(flows[0]).toMatchObject({ name: 'Demo Flow', nodeCount: 2 });
    const bought = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token,
        body: {
          accountId: accounts[0].id,
          customerId: customers[0].id,
          number: '+15005550006',
          tagIds: [tags[0].id],
          flowId: flows[0].id,
        },
      }),
    );
    expect(bought).toMatchObject({
      accountName: 'Demo Account',
      customerName: 'Demo Customer',
      flowName: 'Demo Flow',
    });
  });

  it('serves Swagger UI and the OpenAPI document with the contract types and the bearer scheme', async () => {
    const ui = await t.request('GET', '/swagger');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = (await t.request('GET', '/swagger-json')).body;
    for (const schema of [
      'BuyPhoneNumber',
      'EndpointInfo',
      'Value',
      'Schedule',
      'SchedulingRule',
      'Tag',
      'ResponseStatus',
      'AppSettings',
      'ThirdPartySipAccountSettings',
    ]) {
      expect(Object.keys(doc.components.schemas)).toContain(schema);
    }
    expect(doc.components.schemas.EndpointInfo.properties.sipRegion.allOf).toEqual([
      { $ref: '#/components/schemas/TwilioSipRegions' },
    ]);
    expect(doc.components.schemas.TwilioSipRegions.enum).toContain('NorthAmericaVirginia');
    expect(doc.components.schemas.AudioCodecTypes.enum).toEqual(
      expect.arrayContaining(['PCMU', 'GSM', 'PCMA', 'G722', 'NONE']),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/endpoints/phone-numbers'].post.operationId).toBe('BuyPhoneNumber');
  });

  it('names the management operations as Evo does, each with a description and paged list responses', async () => {
    const doc = (await t.request('GET', '/swagger-json')).body;
    const operations = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((ops) =>
      Object.values(ops),
    );
    const byId = new Map(operations.map((op) => [op.operationId, op]));
    for (const id of [
      'ListEndpoints',
      'GetEndpoint',
      'PatchEndpoint',
      'DeleteEndpoint',
      'ListTags',
      'NewTag',
      'GetTag',
      'PatchTag',
      'DeleteTag',
      'ListFlows',
      'GetFlow',
      'NewFlow',
      'PatchFlow',
      'DeleteFlow',
      'CopyFlow',
      'ListCustomers',
      'GetCustomer',
      'NewCustomer',
      'PatchCustomer',
      'DeleteCustomer',
      'ListAccounts',
      'GetAccount',
      'DeleteAccount',
      'GetSystemSettings',
      'PatchSystemSettings',
    ]) {
      expect({ id, summary: Boolean(byId.get(id)?.summary) }).toEqual({ id, summary: true });
    }
    const listSchema = doc.components.schemas.ListResponseEndpointInfo;
    expect(Object.keys(listSchema.properties).sort()).toEqual([
      'hasMorePages',
      'items',
      'nextCursor',
      'totalCount',
      'totalPages',
    ]);
    const params = byId.get('ListEndpoints').parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'page',
        'countPerPage',
        'sortField',
        'simplifiedPaging',
        'dataFilters',
        'flowParametersFilter',
      ]),
    );
    for (const param of byId.get('ListEndpoints').parameters) expect(param.description).toBeTruthy();
  });
});
