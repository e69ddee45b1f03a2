import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { param, sharedVoicemail, spec, subflowSpec } from '../factories/evo-flow';
import { startApp, TestApp } from '../helpers/test-app';

const fieldNames = (res: { body: any }) => res.body.responseStatus.errors.map((x: any) => x.fieldName);

describe('flow packages (GetPackage, ImportPackage) and flow fields (GetFlowParameters)', () => {
  let t: TestApp;
  let source: Tenant;
  let target: Tenant;
  let shared: any;
  let main: any;
  let sourceNumber: any;

  const request = (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => t.request(method, path, { token, body, headers });
  const flowNames = async (tenant: Tenant) =>
    (await ok(request('GET', '/flows?all=true', tenant.managerToken))).items.map((f: any) => f.name).sort();
  const settings = (tenant: Tenant) => ok(request('GET', '/system/settings', tenant.managerToken));

  /** A main line that runs the shared voicemail as a sub-flow and names it in a Flow value too. */
  const mainFlow = (sharedId: string) => ({
    name: 'Main line',
    description: 'Routes the front door',
    notes: 'Exported',
    roles: ['PhoneNumberRouting', 'UI'],
    parameters: [{ name: 'Fallback', type: 'Flow', isPublic: true, defaultValue: { stringValue: sharedId } }],
    exits: [],
    nodes: [
      {
        id: 'start',
        isStartNode: true,
        spec: spec('ConditionNode'),
        parameters: {
          Condition: { ...param('Boolean', null), source: 'Customer', referenceId: 'Tier' },
          Region: { ...param('String', null), source: 'System', referenceId: 'region' },
          Yes: param('Transition', 'vm'),
          No: param('Transition', 'transfer'),
        },
      },
      {
        id: 'vm',
        spec: subflowSpec(sharedId, 'Shared Voicemail'),
        parameters: { Done: param('Transition', '') },
      },
      { id: 'transfer', spec: spec('TransferNode'), parameters: { Flow: param('Flow', sharedId) } },
    ],
  });

  beforeAll(async () => {
    t = await startApp();
    [source, target] = [await createTenant(t), await createTenant(t)];
    await ok(
      request('PATCH', '/system/settings', source.managerToken, {
        customerFields: [
          { name: 'Tier', type: 'String', description: 'Support tier', color: 'gold' },
          { name: 'Unused', type: 'Number' },
        ],
        systemFields: [{ name: 'Region', type: 'String' }],
      }),
    );
    shared = await ok(request('POST', '/flows', source.managerToken, sharedVoicemail()));
    main = await ok(request('POST', '/flows', source.managerToken, mainFlow(shared.id)));
    sourceNumber = await ok(
      request('POST', '/endpoints/phone-numbers', source.managerToken, {
        number: nextNumber(),
        isVirtualPhoneNumber: true,
      }),
    );
  }, 180_000);
  afterAll(() => t?.close());

  it('exports flows with their nodes and only the custom fields they read, or all of them', async () => {
    const pkg = await ok(request('GET', `/packages?flowIds=${main.id},${shared.id}`, source.managerToken));
    expect(pkg.flows.map((f: any) => f.id)).toEqual([main.id, shared.id]);
    expect(pkg.flows[0].nodes).toEqual(main.nodes);
    expect(pkg.customerFields).toEqual([
      { name: 'Tier', type: 'String', description: 'Support tier', color: 'gold' },
    ]);
    expect(pkg.systemFields).toEqual([{ name: 'Region', type: 'String' }]);
    expect(pkg.endpointFields).toEqual([]);

    const all = await ok(
      request('GET', `/packages?flowIds=${shared.id}&includeAllCustomFields=true`, source.managerToken),
    );
    expect(all.customerFields.map((f: any) => f.name)).toEqual(['Tier', 'Unused']);
    const fieldsOnly = await ok(
      request('GET', '/packages?includeAllCustomFields=true', source.customerToken),
    );
    expect(fieldsOnly).toMatchObject({ flows: [], systemFields: [{ name: 'Region', type: 'String' }] });
  });

  it('refuses to export a flow naming objects of the account, or a sub-flow left out, naming each', async () => {
    const dial = await ok(
      request('POST', '/flows', source.managerToken, {
        name: 'Dial desk',
        nodes: [
          {
            id: 'd',
            isStartNode: true,
            spec: spec('DialNode'),
            parameters: { Endpoint: param('Endpoint', sourceNumber.id) },
          },
        ],
      }),
    );
    const refused = await request('GET', `/packages?flowIds=${dial.id},${main.id}`, source.managerToken);
    expect(refused.status).toBe(400);
    expect(refused.body.responseStatus.errors).toEqual([
      expect.objectContaining({
        fieldName: 'flowIds[0]',
        errorCode: 'AccountBound',
        message: expect.stringContaining('nodes[0].parameters.Endpoint.value'),
      }),
      expect.objectContaining({
        fieldName: 'flowIds[1]',
        message: expect.stringContaining('parameters[0].defaultValue'),
      }),
      expect.objectContaining({
        fieldName: 'flowIds[1]',
        message: expect.stringContaining('nodes[1].spec.url'),
      }),
      expect.objectContaining({
        fieldName: 'flowIds[1]',
        message: expect.stringContaining('nodes[2].parameters.Flow.value'),
      }),
    ]);
    const foreign = await request('GET', `/packages?flowIds=${target.flowId}`, source.managerToken);
    expect(fieldNames(foreign)).toEqual(['flowIds[0]']);
    const foreignAccount = await request(
      'GET',
      `/packages?accountId=${target.accountId}`,
      source.managerToken,
    );
    expect({ status: foreignAccount.status, fields: fieldNames(foreignAccount) }).toEqual({
      status: 400,
      fields: ['accountId'],
    });
  });

  describe('import', () => {
    let pkg: any;
    beforeAll(async () => {
      pkg = await ok(request('GET', `/packages?flowIds=${main.id},${shared.id}`, source.managerToken));
    });

    it('creates the package’s flows anew in the account, calling each other by their new ids', async () => {
      // What `evov flow import -f package.json` sends.
      const imported = await ok(
        request('POST', '/packages', target.managerToken, { accountId: target.accountId, package: pkg }),
      );
      const [newMain, newShared] = imported.flows;
      expect(newMain.id).not.toBe(main.id);
      expect(newShared.id).not.toBe(shared.id);
      expect(newMain).toMatchObject({
        accountId: target.accountId,
        name: 'Main line',
        description: 'Routes the front door',
        notes: 'Exported',
        roles: ['PhoneNumberRouting', 'UI'],
        customerId: null,
        tags: [],
      });
      const remapped = JSON.parse(JSON.stringify(main.nodes).replaceAll(shared.id, newShared.id));
      expect(newMain.nodes).toEqual(remapped);
      expect(newMain.nodes[1].spec.url).toBe(`/flows/start?flowId=${newShared.id}`);
      expect(newMain.parameters[0].defaultValue).toEqual({ stringValue: newShared.id });
      expect(newShared.nodes).toEqual(shared.nodes);
      expect(await ok(request('GET', `/flows/${newMain.id}`, target.managerToken))).toEqual(newMain);

      expect(imported.customerFields).toEqual(pkg.customerFields);
      expect(imported.systemFields).toEqual(pkg.systemFields);
      const after = await settings(target);
      expect(after.customerFields).toEqual(pkg.customerFields);
      expect(after.systemFields).toEqual(pkg.systemFields);
      // The imported flow runs its copy of the sub-flow: that one cannot be deleted under it.
      expect((await request('DELETE', `/flows/${newShared.id}`, target.managerToken)).status).toBe(409);
    });

    it('imports again without adding the fields twice; a retry with the same Idempotency-Key creates nothing more', async () => {
      const headers = { 'Idempotency-Key': `import-${target.accountId}` };
      const first = await ok(request('POST', '/packages', target.managerToken, { package: pkg }, headers));
      expect(first).toMatchObject({ customerFields: [], systemFields: [] });
      const replay = await request('POST', '/packages', target.managerToken, { package: pkg }, headers);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.flows.map((f: any) => f.id)).toEqual(first.flows.map((f: any) => f.id));
      expect(await flowNames(target)).toEqual([
        expect.stringMatching(/^Flow /),
        'Main line',
        'Main line',
        'Shared Voicemail',
        'Shared Voicemail',
      ]);
      expect((await settings(target)).customerFields.map((f: any) => f.name)).toEqual(['Tier']);
    });

    it('refuses a custom field the account has with another type, creating nothing', async () => {
      const before = await flowNames(source);
      const conflicting = { ...pkg, customerFields: [{ name: 'tier', type: 'Number' }] };
      const res = await request('POST', '/packages', source.managerToken, { package: conflicting });
      expect(res.status).toBe(400);
      expect(fieldNames(res)).toEqual(['package.customerFields[0].type']);
      expect(await flowNames(source)).toEqual(before);
    });

    it('checks every graph as on any write, naming the path inside the package, and stores nothing', async () => {
      const before = await flowNames(target);
      const broken = structuredClone(pkg);
      broken.flows[1].nodes[0].parameters.Next.value = { stringValue: 'Nowhere' };
      broken.customerFields = [{ name: 'Brand new', type: 'String' }];
      const res = await request('POST', '/packages', target.managerToken, { package: broken });
      expect(fieldNames(res)).toEqual(['package.flows[1].nodes[0].parameters.Next.value']);

      // A reference the package kept from its source account names nothing here.
      const foreign = structuredClone(pkg);
      foreign.flows[0].nodes[2].parameters.Flow.value = { stringValue: source.flowId };
      foreign.systemFields = [{ name: 'Rolled back', type: 'String' }];
      const refused = await request('POST', '/packages', target.managerToken, { package: foreign });
      expect(refused.status).toBe(400);
      expect(fieldNames(refused)).toEqual(['package.flows[0].nodes[2].parameters.Flow.value']);

      expect(await flowNames(target)).toEqual(before);
      const after = await settings(target);
      expect(after.customerFields.map((f: any) => f.name)).toEqual(['Tier']);
      expect(after.systemFields.map((f: any) => f.name)).toEqual(['Region']);
    });

    it('imports a portable package whose references the CLI mapped to objects of this account', async () => {
      const targetNumber = await ok(
        request('POST', '/endpoints/phone-numbers', target.managerToken, {
          number: nextNumber(),
          isVirtualPhoneNumber: true,
        }),
      );
      const portable = {
        flows: [
          {
            id: 'flow-1',
            name: 'Mapped desk',
            nodes: [
              {
                id: 'd',
                isStartNode: true,
                spec: spec('DialNode'),
                parameters: { Endpoint: param('Endpoint', targetNumber.id) },
              },
            ],
          },
        ],
        customerFields: [],
        endpointFields: [],
        systemFields: [],
      };
      const imported = await ok(
        request('POST', '/packages', target.managerToken, { accountId: target.accountId, package: portable }),
      );
      expect(imported.flows[0].nodes[0].parameters.Endpoint.value).toEqual({ stringValue: targetNumber.id });
    });

    it('refuses a malformed package, Customer-role callers and other tenants’ accounts', async () => {
      expect(fieldNames(await request('POST', '/packages', target.managerToken, {}))).toContain('package');
      expect(
        fieldNames(
          await request('POST', '/packages', target.managerToken, { package: { flows: [{ nodes: 'x' }] } }),
        ),
      ).toEqual(['package.flows[0].name', 'package.flows[0].nodes']);
      expect((await request('POST', '/packages', target.customerToken, { package: pkg })).status).toBe(403);
      const foreign = await request('POST', '/packages', target.managerToken, {
        accountId: source.accountId,
        package: pkg,
      });
      expect({ status: foreign.status, fields: fieldNames(foreign) }).toEqual({
        status: 400,
        fields: ['accountId'],
      });
    });
  });

  it('lists the fields node parameters can read: built-in ones, then the account’s custom fields', async () => {
    const fields = await ok(request('GET', '/flows/parameters', source.customerToken));
    expect(fields).toEqual(
      expect.arrayContaining([
        { name: 'From', source: 'Session', type: 'String', description: expect.any(String), isBuiltIn: true },
        { name: 'Tier', source: 'Customer', type: 'String', description: 'Support tier', isBuiltIn: false },
        { name: 'Region', source: 'System', type: 'String', description: null, isBuiltIn: false },
      ]),
    );
    const custom = await ok(
      request(
        'GET',
        `/flows/parameters?accountId=${source.accountId}&excludeBuiltInFields=true`,
        source.managerToken,
      ),
    );
    expect(custom.map((f: any) => `${f.source}.${f.name}`)).toEqual([
      'Customer.Tier',
      'Customer.Unused',
      'System.Region',
    ]);
    const foreign = await request(
      'GET',
      `/flows/parameters?accountId=${source.accountId}`,
      target.managerToken,
    );
    expect({ status: foreign.status, fields: fieldNames(foreign) }).toEqual({
      status: 400,
      fields: ['accountId'],
    });
  });
});
