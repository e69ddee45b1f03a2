import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id);
const sorted = (values: string[]) => [...values].sort();

const graph = {
  nodes: [
    { id: 'start', type: 'Greeting', isStartNode: true, transitions: [{ targetNodeId: 'menu' }], text: 'Hi' },
    { id: 'menu', type: 'Menu', transitions: [{ targetNodeId: 'start' }, { exitId: 'done' }] },
  ],
  exits: [{ id: 'done', name: 'Done' }],
  parameters: [{ name: 'greeting', type: 'String' }],
};

describe('flows (ListFlows, GetFlow, NewFlow, PatchFlow, DeleteFlow, CopyFlow)', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let ivr: any;
  let fax: any;

  const newFlow = (body: Record<string, unknown>, token = tenant.managerToken) =>
    t.request('POST', '/flows', { token, body });
  const list = (query: string, token = tenant.managerToken) =>
    ok(t.request('GET', `/flows?${query}`, { token }));

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    other = await createTenant(t);
    ivr = await ok(
      newFlow({
        name: 'Main IVR',
        description: 'The front door',
        customerId: tenant.childCustomerId,
        tagIds: [tenant.tagIds[0]],
        roles: ['PhoneNumberRouting', 'UI'],
        ...graph,
      }),
    );
    fax = await ok(
      newFlow({
        name: 'Fax intake',
        roles: ['FaxNumberRouting'],
        tagIds: tenant.tagIds,
        nodes: [{ id: 'only', type: 'ReceiveFax', isStartNode: true }],
      }),
    );
  }, 180_000);
  afterAll(() => t?.close());

  it('creates a flow and answers the complete FlowInfo', async () => {
    expect(ivr).toMatchObject({
      name: 'Main IVR',
      description: 'The front door',
      roles: ['PhoneNumberRouting', 'UI'],
      accountId: tenant.accountId,
      accountName: tenant.accountName,
      customerId: tenant.childCustomerId,
      customerName: expect.stringMatching(/^Child /),
      nodes: graph.nodes,
      exits: graph.exits,
      parameters: graph.parameters,
      nodeCount: 2,
      tags: [expect.objectContaining({ id: tenant.tagIds[0], name: 'Sales' })],
    });
    expect(ivr.customerBreadcrumb.map((c: any) => c.id)).toEqual([tenant.customerId, tenant.childCustomerId]);
    expect(await ok(t.request('GET', `/flows/${ivr.id}`, { token: tenant.customerToken }))).toEqual(ivr);
  });

  it('lists flows with paging, leaving nodes out unless includeNodes', async () => {
    const page = await list('countPerPage=2');
    expect(page).toMatchObject({ totalCount: 3, totalPages: 2, hasMorePages: true });
    expect(page.items.map((f: any) => f.name)).toEqual(['Fax intake', expect.stringMatching(/^Flow /)]);
    const withIvr = await list(`specificIds=${ivr.id}`);
    expect(withIvr.items[0]).toMatchObject({ nodes: [], nodeCount: 2 });
    expect((await list(`specificIds=${ivr.id}&includeNodes=true`)).items[0].nodes).toEqual(graph.nodes);
  });

  it.each([
    ['customerIds', () => `customerIds=${tenant.childCustomerId}`, () => [ivr.id]],
    ['nameFilter', () => 'nameFilter=ivr', () => [ivr.id]],
    ['tagIds (all of them)', () => `tagIds=${tenant.tagIds.join(',')}`, () => [fax.id]],
    ['tagIds (one)', () => `tagIds=${tenant.tagIds[0]}`, () => [ivr.id, fax.id]],
    ['role', () => 'role=FaxNumberRouting', () => [fax.id]],
    ['role (one of several)', () => 'role=UI', () => [ivr.id]],
    ['nodeTypeFilter', () => 'nodeTypeFilter=Menu', () => [ivr.id]],
    ['accountIds', () => `accountIds=${tenant.accountId}`, () => [ivr.id, fax.id, tenant.flowId]],
  ])('filters by %s', async (_name, query, expected) => {
    expect(sorted(ids(await list(query())))).toEqual(sorted(expected()));
  });

  it('never lists another tenant’s flows, even when asked by account id', async () => {
    expect(ids(await list(`accountIds=${other.accountId}`))).toEqual([]);
    expect(ids(await list('', other.managerToken))).toEqual([other.flowId]);
  });

  it('validates the graph on write, naming the JSON path of each problem', async () => {
    for (const [body, field] of [
      [
        {
          nodes: [
            { id: 'a', type: 'X', isStartNode: true },
            { id: 'a', type: 'Y' },
          ],
        },
        'nodes[1].id',
      ],
      [{ nodes: [{ id: 'a', type: 'X' }] }, 'nodes'],
      [
        {
          nodes: [
            { id: 'a', type: 'X', isStartNode: true },
            { id: 'b', type: 'X', isStartNode: true },
          ],
        },
        'nodes',
      ],
      [
        {
          nodes: [
            { id: 'a', type: 'X', isStartNode: true },
            { id: 'b', type: 'Y' },
            { id: 'c', type: 'Z', transitions: [{ targetNodeId: 'nowhere' }] },
          ],
        },
        'nodes[2].transitions[0].targetNodeId',
      ],
      [
        { nodes: [{ id: 'a', type: 'X', isStartNode: true, transitions: [{ exitId: 'gone' }] }] },
        'nodes[0].transitions[0].exitId',
      ],
      [{ nodes: [{ id: 'a', type: 'X', isStartNode: true, transitions: [{}] }] }, 'nodes[0].transitions[0]'],
      [{ nodes: [{ id: 'a', isStartNode: true }] }, 'nodes[0].type'],
      [{ exits: [{ id: 'e' }, { id: 'e' }] }, 'exits[1].id'],
      [{ name: '' }, 'name'],
      [{ roles: ['Nope'] }, 'roles'],
      [{ tagIds: [other.tagIds[0]] }, 'tagIds'],
      [{ customerId: other.customerId }, 'customerId'],
    ] as const) {
      const res = await newFlow({ name: 'Broken', ...body });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.responseStatus.errors.map((x: any) => x.fieldName)).toContain(field);
    }
    expect(ids(await list('nameFilter=Broken'))).toEqual([]);
  });

  it('patches a flow, validating the resulting graph', async () => {
    const patched = await ok(
      t.request('PATCH', `/flows/${ivr.id}`, {
        token: tenant.managerToken,
        body: { name: 'Main IVR v2', notes: 'Reviewed', customerId: null, tagIds: [tenant.tagIds[1]] },
      }),
    );
    expect(patched).toMatchObject({
      name: 'Main IVR v2',
      notes: 'Reviewed',
      customerId: null,
      nodes: graph.nodes,
    });
    expect(patched.tags.map((x: any) => x.id)).toEqual([tenant.tagIds[1]]);
    // Removing the exit a transition points at breaks the graph: refused, nothing stored.
    const broken = await t.request('PATCH', `/flows/${ivr.id}`, {
      token: tenant.managerToken,
      body: { exits: [] },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.responseStatus.errors[0].fieldName).toBe('nodes[1].transitions[1].exitId');
    expect((await ok(t.request('GET', `/flows/${ivr.id}`, { token: tenant.managerToken }))).exits).toEqual(
      graph.exits,
    );
  });

  it('copies a flow with its graph and tags', async () => {
    const copy = await ok(
      t.request('POST', `/flows/${ivr.id}/copy`, { token: tenant.managerToken, body: {} }),
    );
    expect(copy.id).not.toBe(ivr.id);
    expect(copy).toMatchObject({ name: 'Copy of Main IVR v2', nodes: graph.nodes, nodeCount: 2 });
    expect(copy.tags.map((x: any) => x.id)).toEqual([tenant.tagIds[1]]);
    const named = await ok(
      t.request('POST', `/flows/${ivr.id}/copy`, { token: tenant.managerToken, body: { name: 'Mine' } }),
    );
    expect(named.name).toBe('Mine');
  });

  it('another tenant can neither read, change, copy nor delete the flow (404); Customers cannot write (403)', async () => {
    for (const [method, path, body] of [
      ['GET', `/flows/${ivr.id}`, undefined],
      ['PATCH', `/flows/${ivr.id}`, { name: 'Owned' }],
      ['POST', `/flows/${ivr.id}/copy`, {}],
      ['DELETE', `/flows/${ivr.id}`, undefined],
    ] as const) {
      const res = await t.request(method, path, { token: other.managerToken, body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    const res = await t.request('PATCH', `/flows/${ivr.id}`, {
      token: tenant.customerToken,
      body: { name: 'x' },
    });
    expect(res.status).toBe(403);
    expect((await ok(t.request('GET', `/flows/${ivr.id}`, { token: tenant.managerToken }))).name).toBe(
      'Main IVR v2',
    );
  });

  it('refuses to delete a flow endpoints use (409 naming how many) unless asked to detach them', async () => {
    const endpoints = [];
    for (let i = 0; i < 2; i++)
      endpoints.push(
        await ok(
          t.request('POST', '/endpoints/phone-numbers', {
            token: tenant.managerToken,
            body: { number: nextNumber(), isVirtualPhoneNumber: true, flowId: fax.id },
          }),
        ),
      );
    const refused = await t.request('DELETE', `/flows/${fax.id}`, { token: tenant.managerToken });
    expect(refused.status).toBe(409);
    expect(refused.body.responseStatus).toMatchObject({
      errorCode: 'FlowInUse',
      message: expect.stringContaining('2 endpoint'),
    });
    expect((await t.request('GET', `/flows/${fax.id}`, { token: tenant.managerToken })).status).toBe(200);

    const detached = await t.request('DELETE', `/flows/${fax.id}?detach=true`, {
      token: tenant.managerToken,
    });
    expect(detached.status).toBe(204);
    expect((await t.request('GET', `/flows/${fax.id}`, { token: tenant.managerToken })).status).toBe(404);
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
    const endpoint = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number: nextNumber(), isVirtualPhoneNumber: true },
      }),
    );
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
