import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { param, sharedVoicemail, spec, subflowSpec, supportFlow } from '../factories/evo-flow';
import { startApp, TestApp } from '../helpers/test-app';

const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id);
const sorted = (values: string[]) => [...values].sort();
const fieldNames = (res: { body: any }) => res.body.responseStatus.errors.map((x: any) => x.fieldName);

/** A minimal valid node. */
const node = (id: string, extra: Record<string, unknown> = {}) => ({ id, spec: spec('SayNode'), ...extra });

describe('flows (ListFlows, GetFlow, NewFlow, PatchFlow, DeleteFlow, CopyFlow, GetAvailableNodes)', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let number: any;
  let fax: any;
  let foreignNumber: any;
  let shared: any;
  let support: any;
  let supportBody: ReturnType<typeof supportFlow>;
  let faxFlow: any;

  const newFlow = (body: Record<string, unknown>, token = tenant.managerToken) =>
    t.request('POST', '/flows', { token, body });
  const list = (query: string, token = tenant.managerToken) =>
    ok(t.request('GET', `/flows?${query}`, { token }));
  const buy = (token: string, body: Record<string, unknown> = {}) =>
    ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token,
        body: { number: nextNumber(), isVirtualPhoneNumber: true, ...body },
      }),
    );

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
    [number, fax, foreignNumber] = [
      await buy(tenant.managerToken),
      await buy(tenant.managerToken, { isFaxNumber: true }),
      await buy(other.managerToken),
    ];
    shared = await ok(newFlow(sharedVoicemail()));
    supportBody = supportFlow({
      endpointId: number.id,
      sharedFlowId: shared.id,
      customerId: tenant.customerId,
    });
    support = await ok(
      newFlow({
        ...supportBody,
        description: 'The front door',
        customerId: tenant.childCustomerId,
        tagIds: [tenant.tagIds[0]],
      }),
    );
    faxFlow = await ok(
      newFlow({
        name: 'Fax intake',
        roles: ['FaxNumberRouting'],
        tagIds: tenant.tagIds,
        nodes: [node('only', { isStartNode: true, spec: spec('ReceiveFaxNode') })],
      }),
    );
  }, 180_000);
  afterAll(() => t?.close());

  it('stores an Evo-format flow and answers it exactly as sent, unknown fields and key order included', async () => {
    expect(support).toMatchObject({
      name: 'Main Support',
      description: 'The front door',
      roles: ['PhoneNumberRouting'],
      accountId: tenant.accountId,
      accountName: tenant.accountName,
      customerId: tenant.childCustomerId,
      customerName: expect.stringMatching(/^Child /),
      nodeCount: 3,
      tags: [expect.objectContaining({ id: tenant.tagIds[0], name: 'Sales' })],
    });
    for (const field of ['nodes', 'exits', 'parameters'] as const)
      expect(JSON.stringify(support[field])).toBe(JSON.stringify(supportBody[field]));
    const fetched = await ok(t.request('GET', `/flows/${support.id}`, { token: tenant.customerToken }));
    expect(fetched).toEqual(support);
    expect(JSON.stringify(fetched.nodes)).toBe(JSON.stringify(supportBody.nodes));
  });

  it('binds a C# client’s PascalCase graph to Evo’s camelCase, keeping parameter names as sent', async () => {
    const flow = await ok(
      newFlow({
        Name: 'From C#',
        Exits: [{ Id: 'x', Name: 'Out' }],
        Nodes: [
          {
            Id: 'a',
            IsStartNode: true,
            Spec: { Name: 'Say', TypeName: 'SayNode', Url: '/json/reply/SayNode' },
            Parameters: {
              Text: { Id: 'p1', Type: 'String', Source: 'Value', Value: { StringValue: 'Hi' } },
              Next: { Id: 'p2', Type: 'Transition', Value: { StringValue: 'Out' } },
            },
          },
        ],
      }),
    );
    expect(flow.exits).toEqual([{ id: 'x', name: 'Out' }]);
    expect(flow.nodes).toEqual([
      {
        id: 'a',
        isStartNode: true,
        spec: { name: 'Say', typeName: 'SayNode', url: '/json/reply/SayNode' },
        parameters: {
          Text: { id: 'p1', type: 'String', source: 'Value', value: { stringValue: 'Hi' } },
          Next: { id: 'p2', type: 'Transition', value: { stringValue: 'Out' } },
        },
      },
    ]);
  });

  it('lists flows with paging, leaving nodes out unless includeNodes, counting them either way', async () => {
    const page = await list('countPerPage=2');
    expect(page).toMatchObject({ hasMorePages: true });
    expect(page.items.map((f: any) => f.name)).toEqual(['Fax intake', expect.stringMatching(/^Flow /)]);
    const withSupport = await list(`specificIds=${support.id}`);
    expect(withSupport.items[0]).toMatchObject({ nodes: [], nodeCount: 3 });
    expect((await list(`specificIds=${support.id}&includeNodes=true`)).items[0].nodes).toEqual(
      supportBody.nodes,
    );
  });

  it.each([
    ['customerIds', () => `customerIds=${tenant.childCustomerId}`, () => [support.id]],
    ['nameFilter', () => 'nameFilter=SUPPORT', () => [support.id]],
    ['tagIds (all of them)', () => `tagIds=${tenant.tagIds.join(',')}`, () => [faxFlow.id]],
    ['tagIds (one)', () => `tagIds=${tenant.tagIds[0]}`, () => [support.id, faxFlow.id]],
    ['role', () => 'role=FaxNumberRouting', () => [faxFlow.id]],
    ['nodeTypeFilter (spec.typeName)', () => 'nodeTypeFilter=DialNode', () => [support.id]],
    ['nodeTypeFilter (a sub-flow node)', () => 'nodeTypeFilter=FlowNode', () => [support.id]],
    ['nodeTypeFilter (not spec.name)', () => 'nodeTypeFilter=Dial', () => []],
  ])('filters by %s', async (_name, query, expected) => {
    expect(sorted(ids(await list(query())))).toEqual(sorted(expected()));
  });

  it('never lists another tenant’s flows, even when asked by account id or node type', async () => {
    expect(ids(await list(`accountIds=${other.accountId}`))).toEqual([]);
    expect(ids(await list('nodeTypeFilter=DialNode', other.managerToken))).toEqual([]);
    expect(ids(await list('', other.managerToken))).toEqual([other.flowId]);
  });

  describe('validation on write: every problem named by its JSON path, and nothing stored', () => {
    const start = (parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
      node('a', { isStartNode: true, parameters, ...extra });
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['a repeated node id', () => ({ nodes: [start(), node('a')] }), 'nodes[1].id'],
      ['no start node', () => ({ nodes: [node('a')] }), 'nodes'],
      ['two start nodes', () => ({ nodes: [start(), node('b', { isStartNode: true })] }), 'nodes'],
      ['a node without spec', () => ({ nodes: [{ id: 'a', isStartNode: true }] }), 'nodes[0].spec'],
      [
        'a spec without url',
        () => ({ nodes: [start({}, { spec: { typeName: 'SayNode' } })] }),
        'nodes[0].spec.url',
      ],
      [
        'a transition to no node or exit',
        () => ({ nodes: [start({ Next: param('Transition', 'nowhere') })] }),
        'nodes[0].parameters.Next.value',
      ],
      [
        'a transition to an exit’s id (transitions name exits)',
        () => ({ exits: [{ id: 'e1', name: 'Done' }], nodes: [start({ Next: param('Transition', 'e1') })] }),
        'nodes[0].parameters.Next.value',
      ],
      [
        'a transition nested in a List parameter',
        () => ({
          nodes: [
            start({
              Options: {
                ...param('List', null),
                listParameters: [{ Digit: param('String', '1'), Next: param('Transition', 'gone') }],
              },
            }),
          ],
        }),
        'nodes[0].parameters.Options.listParameters[0].Next.value',
      ],
      [
        'a parameter without id',
        () => ({ nodes: [start({ Next: { type: 'Transition', value: {} } })] }),
        'nodes[0].parameters.Next.id',
      ],
      [
        'a value id used twice in the flow',
        () => ({
          nodes: [
            start({ A: { ...param('String', 'x'), id: 'v1' } }),
            node('b', { parameters: { B: { ...param('String', 'y'), id: 'v1' } } }),
          ],
        }),
        'nodes[1].parameters.B.id',
      ],
      [
        'an unknown ValueTypes name',
        () => ({ nodes: [start({ A: param('Strnig', 'x') })] }),
        'nodes[0].parameters.A.type',
      ],
      [
        'a malformed value',
        () => ({ nodes: [start({ A: { ...param('String', null), value: { stringValue: 7 } } })] }),
        'nodes[0].parameters.A.value.stringValue',
      ],
      [
        'a time zone Intl does not know',
        () => ({ nodes: [start({ Zone: param('TimeZoneId', 'Mars/Olympus') })] }),
        'nodes[0].parameters.Zone.value',
      ],
      ['an exit without a name', () => ({ exits: [{ id: 'e' }] }), 'exits[0].name'],
      ['two exits of one name', () => ({ exits: [{ name: 'Done' }, { name: 'Done' }] }), 'exits[1].name'],
      ['an exit named like a node id', () => ({ exits: [{ name: 'a' }], nodes: [start()] }), 'exits[0].name'],
      [
        'two flow parameters of one name',
        () => ({
          parameters: [
            { name: 'P', type: 'String' },
            { name: 'P', type: 'Number' },
          ],
        }),
        'parameters[1].name',
      ],
      [
        'a Struct flow parameter',
        () => ({ parameters: [{ name: 'P', type: 'Struct' }] }),
        'parameters[0].type',
      ],
      [
        'a List flow parameter without listType',
        () => ({ parameters: [{ name: 'P', type: 'List' }] }),
        'parameters[0].listType',
      ],
      [
        'a private output',
        () => ({ parameters: [{ name: 'P', type: 'String', isOutput: true }] }),
        'parameters[0].isPublic',
      ],
      [
        'an exit named like a flow parameter',
        () => ({ parameters: [{ name: 'Done', type: 'String' }], exits: [{ name: 'Done' }] }),
        'exits[0].name',
      ],
      [
        'another tenant’s endpoint',
        () => ({ nodes: [start({ Target: param('Endpoint', foreignNumber.id) })] }),
        'nodes[0].parameters.Target.value',
      ],
      [
        'a fax number where a PhoneNumber is asked for',
        () => ({ nodes: [start({ Target: param('PhoneNumber', fax.id) })] }),
        'nodes[0].parameters.Target.value',
      ],
      [
        'a User that is no user endpoint',
        () => ({ nodes: [start({ Agent: param('User', number.id) })] }),
        'nodes[0].parameters.Agent.value',
      ],
      [
        'another tenant’s customer',
        () => ({ nodes: [start({ Who: param('Customer', other.customerId) })] }),
        'nodes[0].parameters.Who.value',
      ],
      [
        'another tenant’s flow as a value',
        () => ({ nodes: [start({ Then: param('Flow', other.flowId) })] }),
        'nodes[0].parameters.Then.value',
      ],
      [
        'another tenant’s flow as a sub-flow',
        () => ({ nodes: [start({}, { spec: subflowSpec(other.flowId, 'Theirs') })] }),
        'nodes[0].spec.url',
      ],
      [
        'another tenant’s customer as a parameter default',
        () => ({
          parameters: [{ name: 'C', type: 'Customer', defaultValue: { stringValue: other.customerId } }],
        }),
        'parameters[0].defaultValue',
      ],
      [
        'a resource nested in a Struct parameter',
        () => ({
          nodes: [
            start({
              S: { ...param('Struct', null), structParameters: { Who: param('Endpoint', foreignNumber.id) } },
            }),
          ],
        }),
        'nodes[0].parameters.S.structParameters.Who.value',
      ],
    ];

    it.each(cases)('refuses %s', async (_name, body, field) => {
      const res = await newFlow({ name: 'Broken', ...body() });
      expect({ status: res.status, fields: fieldNames(res) }).toEqual({
        status: 400,
        fields: expect.arrayContaining([field]),
      });
      expect(res.body.responseStatus.errors.find((e: any) => e.fieldName === field).message).toMatch(
        new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')} `),
      );
      expect(ids(await list('nameFilter=Broken'))).toEqual([]);
    });

    it('names every problem of a graph in one answer', async () => {
      const res = await newFlow({
        name: 'Broken',
        exits: [{ id: 'e' }],
        nodes: [start({ Next: param('Transition', 'nowhere') }), node('b', { spec: {} })],
      });
      expect(fieldNames(res)).toEqual([
        'exits[0].name',
        'nodes[1].spec.url',
        'nodes[0].parameters.Next.value',
      ]);
    });

    it('accepts what Evo accepts: empty transitions, exits by name, a fax or phone number for a FaxNumber, fields and expressions unchecked', async () => {
      const flow = await ok(
        newFlow({
          name: 'Lenient',
          exits: [{ name: 'Done' }],
          nodes: [
            start({
              Unset: param('Transition', null),
              Empty: param('Transition', ''),
              Out: param('Transition', 'Done'),
              Fax: param('FaxNumber', fax.id),
              FaxToo: param('FaxNumber', number.id),
              FromField: { ...param('Endpoint', null), source: 'Customer', referenceId: 'Owner' },
              Computed: { ...param('Flow', 'anything'), source: 'Expression', expression: 'Session.FlowId' },
              Output: { ...param('Customer', 'not-yet'), isOutput: true },
              Greeting: param('AudioFile', 'file-held-elsewhere'),
            }),
          ],
        }),
      );
      expect(flow.nodeCount).toBe(1);
    });
  });

  it('patches a flow, checking the resulting graph only when it changes', async () => {
    const patched = await ok(
      t.request('PATCH', `/flows/${support.id}`, {
        token: tenant.managerToken,
        body: { name: 'Main Support v2', notes: 'Reviewed', customerId: null, tagIds: [tenant.tagIds[1]] },
      }),
    );
    expect(patched).toMatchObject({ name: 'Main Support v2', notes: 'Reviewed', customerId: null });
    expect(patched.nodes).toEqual(supportBody.nodes);
    expect(patched.tags.map((x: any) => x.id)).toEqual([tenant.tagIds[1]]);
    // Renaming the exit a transition names breaks the graph: refused, nothing stored.
    const broken = await t.request('PATCH', `/flows/${support.id}`, {
      token: tenant.managerToken,
      body: { exits: [{ id: 'exit-1', name: 'Escalation' }] },
    });
    expect(broken.status).toBe(400);
    expect(fieldNames(broken)).toEqual(['nodes[0].parameters.No.value']);
    const after = await ok(t.request('GET', `/flows/${support.id}`, { token: tenant.managerToken }));
    expect(after.exits).toEqual(supportBody.exits);
  });

  it.each(['roles', 'nodes', 'parameters', 'exits'])(
    'refuses a PATCH setting %s to null with a 400 naming it, and changes nothing',
    async (field) => {
      const before = await ok(t.request('GET', `/flows/${support.id}`, { token: tenant.managerToken }));
      const refused = await t.request('PATCH', `/flows/${support.id}`, {
        token: tenant.managerToken,
        body: { name: 'Renamed by a refused patch', [field]: null },
      });
      expect(refused.status).toBe(400);
      expect(fieldNames(refused)).toEqual([field]);
      const after = await ok(t.request('GET', `/flows/${support.id}`, { token: tenant.managerToken }));
      expect(after).toEqual(before);
    },
  );

  it('takes the CLI’s targeted edits (the complete node list patched) and reads them back exactly', async () => {
    // What `evov flow node set`, `flow connect` and `flow node add` do: GET, change a copy, PATCH nodes,
    // then GET again and compare a hash of the nodes with the ones it sent.
    const flow = await ok(newFlow({ ...sharedVoicemail(), name: 'Edited' }));
    const nodes = structuredClone(flow.nodes);
    nodes[0].parameters.Next.value = { stringValue: 'goodbye' };
    nodes.push({
      id: 'goodbye',
      isStartNode: false,
      spec: spec('SayNode'),
      parameters: { Text: param('String', 'Bye'), Next: param('Transition', 'Done') },
    });
    const patched = await ok(
      t.request('PATCH', `/flows/${flow.id}`, { token: tenant.managerToken, body: { nodes } }),
    );
    expect(JSON.stringify(patched.nodes)).toBe(JSON.stringify(nodes));
    const reread = await ok(t.request('GET', `/flows/${flow.id}`, { token: tenant.managerToken }));
    expect(JSON.stringify(reread.nodes)).toBe(JSON.stringify(nodes));
  });

  it('keeps a reference whose object was deleted since, but refuses a new one', async () => {
    const gone = await buy(tenant.managerToken);
    const flow = await ok(
      newFlow({
        name: 'Dangling',
        nodes: [node('a', { isStartNode: true, parameters: { To: param('Endpoint', gone.id) } })],
      }),
    );
    expect((await t.request('DELETE', `/endpoints/${gone.id}`, { token: tenant.managerToken })).status).toBe(
      204,
    );
    const renamed = await ok(
      t.request('PATCH', `/flows/${flow.id}`, { token: tenant.managerToken, body: { name: 'Dangling 2' } }),
    );
    // The CLI patches the complete node list: the reference it already held is not checked again.
    const nodes = [...renamed.nodes, node('b', { parameters: { Say: param('String', 'hi') } })];
    await ok(t.request('PATCH', `/flows/${flow.id}`, { token: tenant.managerToken, body: { nodes } }));
    const refused = await t.request('PATCH', `/flows/${flow.id}`, {
      token: tenant.managerToken,
      body: { nodes: [...nodes, node('c', { parameters: { To: param('Endpoint', foreignNumber.id) } })] },
    });
    expect(fieldNames(refused)).toEqual(['nodes[2].parameters.To.value']);
  });

  it('copies a flow with its graph and tags', async () => {
    const copy = await ok(
      t.request('POST', `/flows/${support.id}/copy`, { token: tenant.managerToken, body: {} }),
    );
    expect(copy.id).not.toBe(support.id);
    expect(copy).toMatchObject({ name: 'Copy of Main Support v2', nodes: supportBody.nodes, nodeCount: 3 });
    expect(copy.tags.map((x: any) => x.id)).toEqual([tenant.tagIds[1]]);
    const named = await ok(
      t.request('POST', `/flows/${support.id}/copy`, { token: tenant.managerToken, body: { name: 'Mine' } }),
    );
    expect(named.name).toBe('Mine');
  });

  it('another tenant can neither read, change, copy nor delete the flow (404); Customers cannot write (403)', async () => {
    for (const [method, path, body] of [
      ['GET', `/flows/${support.id}`, undefined],
      ['PATCH', `/flows/${support.id}`, { name: 'Owned' }],
      ['POST', `/flows/${support.id}/copy`, {}],
      ['DELETE', `/flows/${support.id}`, undefined],
      ['GET', `/flows/available-nodes?flowId=${support.id}`, undefined],
    ] as const) {
      const res = await t.request(method, path, { token: other.managerToken, body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    const res = await t.request('PATCH', `/flows/${support.id}`, {
      token: tenant.customerToken,
      body: { name: 'x' },
    });
    expect(res.status).toBe(403);
    expect((await ok(t.request('GET', `/flows/${support.id}`, { token: tenant.managerToken }))).name).toBe(
      'Main Support v2',
    );
  });

  it('offers the built-in node types and the account’s flows as sub-flow nodes', async () => {
    const nodes = await ok(
      t.request('GET', `/flows/available-nodes?flowId=${shared.id}`, { token: tenant.customerToken }),
    );
    const typeNames = nodes.map((n: any) => n.typeName);
    for (const typeName of [
      'StartNode',
      'DialNode',
      'MenuNode',
      'SayNode',
      'PlayNode',
      'ConditionNode',
      'TimeOfDayNode',
      'VoicemailNode',
      'TransferNode',
      'FlowNode',
      'HangUpNode',
    ])
      expect(typeNames).toContain(typeName);
    expect(nodes.find((n: any) => n.typeName === 'DialNode')).toMatchObject({
      name: 'Dial',
      url: '/json/reply/DialNode',
      parameters: expect.arrayContaining([
        { name: 'Endpoint', type: 'Endpoint', description: expect.any(String) },
        { name: 'OnNoAnswer', type: 'Transition', description: expect.any(String) },
      ]),
    });
    const subflows = nodes.filter((n: any) => n.typeName === 'FlowNode');
    expect(subflows.map((n: any) => n.url)).not.toContain(`/flows/start?flowId=${shared.id}`);
    expect(subflows.map((n: any) => n.url)).not.toContain(`/flows/start?flowId=${other.flowId}`);

    const all = await ok(t.request('GET', '/flows/available-nodes', { token: tenant.managerToken }));
    expect(all.find((n: any) => n.url === `/flows/start?flowId=${shared.id}`)).toEqual({
      name: 'Shared Voicemail',
      typeName: 'FlowNode',
      url: `/flows/start?flowId=${shared.id}`,
      description: 'Takes a message',
      parameters: [
        { name: 'Mailbox', type: 'Endpoint', description: expect.any(String) },
        { name: 'Done', type: 'Transition', description: expect.any(String) },
        { name: 'Failed', type: 'Transition', description: expect.any(String) },
      ],
    });
  });

  it('refuses to delete a flow other flows run (409 naming them), with or without detach', async () => {
    for (const path of [`/flows/${shared.id}`, `/flows/${shared.id}?detach=true`]) {
      const refused = await t.request('DELETE', path, { token: tenant.managerToken });
      expect(refused.status).toBe(409);
      expect(refused.body.responseStatus).toMatchObject({
        errorCode: 'FlowInUse',
        message: expect.stringContaining('Main Support v2'),
      });
    }
    expect((await t.request('GET', `/flows/${shared.id}`, { token: tenant.managerToken })).status).toBe(200);
  });

  it('refuses to delete a flow endpoints use (409 naming how many) unless asked to detach them', async () => {
    const endpoints = [
      await buy(tenant.managerToken, { flowId: faxFlow.id }),
      await buy(tenant.managerToken, { flowId: faxFlow.id }),
    ];
    const refused = await t.request('DELETE', `/flows/${faxFlow.id}`, { token: tenant.managerToken });
    expect(refused.status).toBe(409);
    expect(refused.body.responseStatus).toMatchObject({
      errorCode: 'FlowInUse',
      message: expect.stringContaining('2 endpoint'),
    });
    expect((await t.request('GET', `/flows/${faxFlow.id}`, { token: tenant.managerToken })).status).toBe(200);

    const detached = await t.request('DELETE', `/flows/${faxFlow.id}?detach=true`, {
      token: tenant.managerToken,
    });
    expect(detached.status).toBe(204);
    expect((await t.request('GET', `/flows/${faxFlow.id}`, { token: tenant.managerToken })).status).toBe(404);
    for (const endpoint of endpoints) {
      const e = await ok(t.request('GET', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }));
      expect(e).toMatchObject({ flowId: null, flowName: null });
    }
  });

  it('counts endpoints that schedule a flow as using it, and detaching removes it from their schedules', async () => {
    const [night, weekend] = [
      await ok(newFlow({ name: 'Night service' })),
      await ok(newFlow({ name: 'Weekend service' })),
    ];
    const endpoint = await buy(tenant.managerToken);
    const nightRule = {
      name: 'Nights',
      state: 'Closed',
      startTime: '18:00',
      endTime: '23:00',
      flowId: night.id,
    };
    await ok(
      t.request('PATCH', `/endpoints/${endpoint.id}`, {
        token: tenant.managerToken,
        body: {
          scheduledFlows: [
            { stateName: 'Closed', flowId: night.id },
            { stateName: 'Weekend', flowId: weekend.id },
          ],
          schedule: { timeZoneId: 'America/New_York', rules: [nightRule] },
        },
      }),
    );

    const refused = await t.request('DELETE', `/flows/${night.id}`, { token: tenant.managerToken });
    expect(refused.status).toBe(409);
    expect(refused.body.responseStatus).toMatchObject({
      errorCode: 'FlowInUse',
      message: expect.stringContaining('1 endpoint'),
    });

    const detached = await t.request('DELETE', `/flows/${night.id}?detach=true`, {
      token: tenant.managerToken,
    });
    expect(detached.status).toBe(204);
    const after = await ok(t.request('GET', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }));
    expect(after.scheduledFlows).toEqual([{ stateName: 'Weekend', flowId: weekend.id }]);
    const { flowId: _gone, ...ruleWithoutFlow } = nightRule;
    expect(after.schedule.rules).toEqual([expect.objectContaining(ruleWithoutFlow)]);
    expect(after.schedule.rules[0].flowId).toBeUndefined();
    // The other flow is still scheduled, so it is still in use.
    expect((await t.request('DELETE', `/flows/${weekend.id}`, { token: tenant.managerToken })).status).toBe(
      409,
    );
  });

  it('deletes an unused flow', async () => {
    const flow = await ok(newFlow({ name: 'Scratch' }));
    expect((await t.request('DELETE', `/flows/${flow.id}`, { token: tenant.managerToken })).status).toBe(204);
    expect((await t.request('GET', `/flows/${flow.id}`, { token: tenant.managerToken })).status).toBe(404);
  });
});
