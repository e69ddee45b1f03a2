import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';
import { SwitchableSandboxProvider } from '../helpers/switchable-provider';

const ids = (page: { items: { id: string }[] }) => page.items.map((e) => e.id);
const sorted = (values: string[]) => [...values].sort();

describe('endpoint management (ListEndpoints, GetEndpoint, PatchEndpoint, DeleteEndpoint)', () => {
  let t: TestApp;
  let provider: SwitchableSandboxProvider;
  let tenant: Tenant;
  let other: Tenant;
  /** Endpoints of `tenant`, by role in the fixtures. */
  const e: Record<string, any> = {};
  let foreign: any;

  const buy = (body: Record<string, unknown>, token = tenant.managerToken) =>
    ok(t.request('POST', '/endpoints/phone-numbers', { token, body }));
  const list = (query: string, token = tenant.managerToken) =>
    t.request('GET', `/endpoints?${query}`, { token });
  const listOk = (query: string, token = tenant.managerToken) => ok(list(query, token));
  const patch = (id: string, body: unknown, token = tenant.managerToken) =>
    t.request('PATCH', `/endpoints/${id}`, { token, body });

  beforeAll(async () => {
    provider = new SwitchableSandboxProvider();
    t = await startApp({ provider });
    tenant = await createTenant(t);
    other = await createTenant(t);
    e.bought = await buy({
      number: nextNumber(),
      customerId: tenant.customerId,
      tagIds: tenant.tagIds,
      flowId: tenant.flowId,
      data: { region: { stringValue: 'West' }, seats: { numberValue: 12 } },
      flowParams: {
        greeting: { stringValue: 'Hello' },
        options: { structValue: { lang: { stringValue: 'en' } } },
      },
    });
    e.child = await buy({
      number: nextNumber(),
      customerId: tenant.childCustomerId,
      isVirtualPhoneNumber: true,
      tagIds: [tenant.tagIds[0]],
      data: { region: { stringValue: 'East' }, vip: { boolValue: true } },
    });
    e.fax = await buy({ number: nextNumber(), isVirtualPhoneNumber: true, isFaxNumber: true });
    e.plain1 = await buy({ number: nextNumber(), isVirtualPhoneNumber: true });
    e.plain2 = await buy({ number: nextNumber(), isVirtualPhoneNumber: true });
    foreign = await buy({ number: nextNumber(), isVirtualPhoneNumber: true }, other.managerToken);
  }, 180_000);
  afterAll(() => t?.close());

  describe('GET /endpoints: paging and sorting', () => {
    it('answers a ListResponse of the caller’s endpoints, sorted by displayName then id', async () => {
      const page = await listOk('');
      expect(page).toMatchObject({ totalCount: 5, totalPages: 1, hasMorePages: false });
      expect(sorted(ids(page))).toEqual(
        sorted([e.bought.id, e.child.id, e.fax.id, e.plain1.id, e.plain2.id]),
      );
      const names = page.items.map((x: any) => x.displayName);
      expect(names).toEqual([...names].sort());
      expect(page.items.find((x: any) => x.id === e.bought.id)).toMatchObject({
        accountName: tenant.accountName,
        tags: expect.arrayContaining([expect.objectContaining({ id: tenant.tagIds[0] })]),
      });
    });

    it('pages with page/countPerPage, totals and hasMorePages; past the end is an empty page', async () => {
      const seen: string[] = [];
      for (let page = 0; page < 3; page++) {
        const body = await listOk(`page=${page}&countPerPage=2`);
        expect(body).toMatchObject({ totalCount: 5, totalPages: 3, hasMorePages: page < 2 });
        seen.push(...ids(body));
      }
      expect(new Set(seen).size).toBe(5);
      expect(await listOk('page=3&countPerPage=2')).toEqual({
        items: [],
        totalCount: 5,
        totalPages: 3,
        hasMorePages: false,
        nextCursor: null,
      });
    });

    it('simplifiedPaging skips the totals but still says whether more follow', async () => {
      const first = await listOk('countPerPage=3&simplifiedPaging=true');
      expect(first).toMatchObject({ totalCount: 0, totalPages: 0, hasMorePages: true });
      expect(first.items).toHaveLength(3);
      const last = await listOk('page=1&countPerPage=3&simplifiedPaging=true');
      expect(last.items).toHaveLength(2);
      expect(last.hasMorePages).toBe(false);
    });

    it('all=true returns everything on one page; specificIds narrows to those ids', async () => {
      expect((await listOk('all=true&countPerPage=1')).items).toHaveLength(5);
      const some = await listOk(`specificIds=${e.fax.id},${e.child.id}&specificIds=${foreign.id}`);
      expect(sorted(ids(some))).toEqual(sorted([e.fax.id, e.child.id]));
    });

    it('sorts by a whitelisted field in either direction', async () => {
      const desc = await listOk('sortField=phoneNumber&sortOrder=Descend');
      const numbers = desc.items.map((x: any) => x.phoneNumber);
      expect(numbers).toEqual([...numbers].sort().reverse());
    });

    it('refuses an unknown sort field, a bad sort order, and oversized or negative paging, naming the field', async () => {
      for (const [query, field] of [
        ['sortField=passwordHash', 'sortField'],
        ['sortOrder=Up', 'sortOrder'],
        ['countPerPage=5000', 'countPerPage'],
        ['page=-1', 'page'],
        ['page=abc', 'page'],
        ['simplifiedPaging=maybe', 'simplifiedPaging'],
      ]) {
        const res = await list(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.responseStatus.errors[0].fieldName).toBe(field);
      }
    });
  });

  describe('GET /endpoints: filters', () => {
    beforeAll(async () => {
      await ok(patch(e.plain1.id, { referenceId: 'crm-1', userMode: 'Sip', sipUserName: 'alice' }));
      await ok(patch(e.plain2.id, { referenceId: 'crm-2', displayName: 'Front Desk' }));
    });

    it.each([
      [
        'customerIds (whole subtree)',
        () => `customerIds=${tenant.customerId}`,
        () => [e.bought.id, e.child.id],
      ],
      [
        'customerIds with shallowParent',
        () => `customerIds=${tenant.customerId}&shallowParent=true`,
        () => [e.bought.id],
      ],
      ['referenceIds (comma-joined)', () => 'referenceIds=crm-1,crm-2', () => [e.plain1.id, e.plain2.id]],
      [
        'referenceIds (repeated keys)',
        () => 'referenceIds=crm-1&referenceIds=crm-2',
        () => [e.plain1.id, e.plain2.id],
      ],
      ['flowIds', () => `flowIds=${tenant.flowId}`, () => [e.bought.id]],
      ['flowState=HasFlow', () => 'flowState=HasFlow', () => [e.bought.id]],
      ['flowState=NoFlow', () => 'flowState=NoFlow', () => [e.child.id, e.fax.id, e.plain1.id, e.plain2.id]],
      ['hasFlow=true', () => 'hasFlow=true', () => [e.bought.id]],
      ['hasFlow=false', () => 'hasFlow=false', () => [e.child.id, e.fax.id, e.plain1.id, e.plain2.id]],
      // No schedule anywhere: the account default, always Open.
      [
        'flowState=Open (a schedule state)',
        () => 'flowState=Open',
        () => [e.bought.id, e.child.id, e.fax.id, e.plain1.id, e.plain2.id],
      ],
      ['flowState=Open with hasFlow', () => 'flowState=Open&hasFlow=true', () => [e.bought.id]],
      ['flowState=Closed', () => 'flowState=Closed', () => []],
      ['flowState=constructor (an ordinary state name)', () => 'flowState=constructor', () => []],
      ['tagIds: one tag', () => `tagIds=${tenant.tagIds[0]}`, () => [e.bought.id, e.child.id]],
      [
        'tagIds: must carry all',
        () => `tagIds=${tenant.tagIds[0]}&tagIds=${tenant.tagIds[1]}`,
        () => [e.bought.id],
      ],
      ['nameFilter (case-insensitive)', () => 'nameFilter=front%20DESK', () => [e.plain2.id]],
      [
        'phoneNumberFilter',
        () => `phoneNumberFilter=${encodeURIComponent(e.fax.phoneNumber.slice(-6))}`,
        () => [e.fax.id],
      ],
      ['type', () => 'type=FaxNumber', () => [e.fax.id]],
      ['types', () => 'types=FaxNumber,User', () => [e.fax.id]],
      ['userMode', () => 'userMode=Sip', () => [e.plain1.id]],
      ['sipUserName', () => 'sipUserName=alice', () => [e.plain1.id]],
      ['dataFilters (string)', () => 'dataFilters=region%3DWest', () => [e.bought.id]],
      ['dataFilters (number)', () => 'dataFilters=seats%3D12', () => [e.bought.id]],
      [
        'dataFilters (boolean, with another)',
        () => 'dataFilters=vip%3Dtrue&dataFilters=region%3DEast',
        () => [e.child.id],
      ],
      [
        'flowParametersFilter',
        () =>
          `flowParametersFilter=${encodeURIComponent(JSON.stringify({ greeting: { stringValue: 'Hello' } }))}`,
        () => [e.bought.id],
      ],
      [
        'flowParametersFilter (nested structValue)',
        () =>
          `flowParametersFilter=${encodeURIComponent(
            JSON.stringify({ options: { structValue: { lang: { stringValue: 'en' } } } }),
          )}`,
        () => [e.bought.id],
      ],
      [
        'flowParametersFilter (no match)',
        () =>
          `flowParametersFilter=${encodeURIComponent(JSON.stringify({ greeting: { stringValue: 'Bye' } }))}`,
        () => [],
      ],
    ])('%s', async (_name, query, expected) => {
      expect(sorted(ids(await listOk(query())))).toEqual(sorted(expected()));
    });

    it('accountIds: an administrator picks accounts; a foreign account id yields nothing for a Manager', async () => {
      const admin = await t.adminToken();
      expect(ids(await listOk(`accountIds=${other.accountId}`, admin))).toEqual([foreign.id]);
      expect((await listOk(`accountIds=${tenant.accountId},${other.accountId}`, admin)).totalCount).toBe(6);
      expect(await listOk(`accountIds=${other.accountId}`)).toMatchObject({ items: [], totalCount: 0 });
    });

    it('a Customer-role caller sees only the endpoints of their customer subtree', async () => {
      expect(sorted(ids(await listOk('', tenant.customerToken)))).toEqual(sorted([e.bought.id, e.child.id]));
    });

    it('refuses malformed dataFilters and flowParametersFilter, naming the field', async () => {
      for (const [query, field] of [
        ['dataFilters=region', 'dataFilters[0]'],
        ['dataFilters=a%3D1&dataFilters=%3Dx', 'dataFilters[1]'],
        ['flowParametersFilter=not-json', 'flowParametersFilter'],
        ['flowParametersFilter=%7B%22a%22%3A%7B%22oops%22%3A1%7D%7D', 'flowParametersFilter.a.oops'],
        ['types=FaxNumber,Nope', 'types'],
        ['hasFlow=sometimes', 'hasFlow'],
      ]) {
        const res = await list(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.responseStatus.errors[0].fieldName).toBe(field);
      }
    });
  });

  describe('GET /endpoints/{id}', () => {
    it('returns the EndpointInfo; another tenant’s endpoint is a 404 without its data', async () => {
      expect(await ok(t.request('GET', `/endpoints/${e.bought.id}`, { token: tenant.managerToken }))).toEqual(
        (await listOk(`specificIds=${e.bought.id}`)).items[0],
      );
      const res = await t.request('GET', `/endpoints/${foreign.id}`, { token: tenant.managerToken });
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(foreign.phoneNumber);
    });
  });

  describe('PATCH /endpoints/{id}', () => {
    it('changes only the fields given, stores the schedule as given, and pushes the name to the provider', async () => {
      const schedule = {
        timeZoneId: 'America/New_York',
        rules: [
          {
            id: 'r1',
            name: 'Office hours',
            startTime: '09:00',
            endTime: '17:30',
            startDate: '2026-01-31',
            frequency: 'Weekly',
            byDay: [{ dayOfWeek: 'Monday' }],
            flowId: tenant.flowId,
          },
        ],
        defaultState: 'Closed',
      };
      const scheduledFlows = [
        { stateName: 'Open', flowId: tenant.flowId, flowParams: { a: { stringValue: 'b' } } },
      ];
      const updated = await ok(
        patch(e.bought.id, {
          displayName: 'Main line',
          tagIds: [tenant.tagIds[1]],
          customerId: tenant.childCustomerId,
          flowSchedule: 'Scheduled',
          schedule,
          scheduledFlows,
          disableSms: true,
          enableEmergencyCalling: true,
          emergencyAddressSid: 'AD00000000000000000000000000000001',
        }),
      );
      expect(updated).toMatchObject({
        displayName: 'Main line',
        customerId: tenant.childCustomerId,
        flowId: tenant.flowId,
        flowSchedule: 'Scheduled',
        schedule,
        scheduledFlows,
        disableSms: true,
        enableEmergencyCalling: true,
        data: e.bought.data,
      });
      expect(updated.tags.map((x: any) => x.id)).toEqual([tenant.tagIds[1]]);
      expect(updated.customerBreadcrumb.map((c: any) => c.id)).toEqual([
        tenant.customerId,
        tenant.childCustomerId,
      ]);
      const owned = await provider.findOwnedNumber(e.bought.phoneNumber);
      expect(owned).toMatchObject({
        friendlyName: 'Main line',
        emergencyAddressSid: 'AD00000000000000000000000000000001',
      });
      expect(await ok(t.request('GET', `/endpoints/${e.bought.id}`, { token: tenant.managerToken }))).toEqual(
        updated,
      );
    });

    it('clears nullable fields with null', async () => {
      const cleared = await ok(patch(e.bought.id, { flowId: null, schedule: null, customerId: null }));
      expect(cleared).toMatchObject({ flowId: null, flowName: null, schedule: null, customerId: null });
      await ok(patch(e.bought.id, { flowId: tenant.flowId, customerId: tenant.customerId }));
    });

    it('when the provider refuses the change, answers 503 and leaves the stored endpoint unchanged', async () => {
      const before = await ok(t.request('GET', `/endpoints/${e.bought.id}`, { token: tenant.managerToken }));
      provider.failUpdates = true;
      try {
        const res = await patch(e.bought.id, { displayName: 'Never stored', referenceId: 'never' });
        expect(res.status).toBe(503);
        expect(res.body.responseStatus.errorCode).toBe('ProviderUnavailable');
      } finally {
        provider.failUpdates = false;
      }
      expect(await ok(t.request('GET', `/endpoints/${e.bought.id}`, { token: tenant.managerToken }))).toEqual(
        before,
      );
    });

    it('does not call the provider for a virtual number', async () => {
      const before = provider.updates.length;
      await ok(patch(e.plain1.id, { displayName: 'Virtual renamed' }));
      expect(provider.updates.length).toBe(before);
    });

    it('refuses invalid fields and foreign references, naming each field, and stores nothing', async () => {
      const before = await ok(t.request('GET', `/endpoints/${e.plain2.id}`, { token: tenant.managerToken }));
      for (const [body, field] of [
        [{ displayName: '' }, 'displayName'],
        [{ displayName: null }, 'displayName'],
        [{ schedule: { timeZoneId: 'Mars/Olympus' } }, 'schedule.timeZoneId'],
        [{ schedule: { rules: [{ startTime: '25:00' }] } }, 'schedule.rules[0].startTime'],
        [{ schedule: { rules: [{ untilDate: '2026-02-30' }] } }, 'schedule.rules[0].untilDate'],
        [{ schedule: { rules: [{ byMonth: [13] }] } }, 'schedule.rules[0].byMonth'],
        [{ schedule: { rules: [{ frequency: 'Fortnightly' }] } }, 'schedule.rules[0].frequency'],
        [{ scheduledFlows: [{ flowId: other.flowId }] }, 'scheduledFlows[0].flowId'],
        [
          { scheduledFlows: [{ flowId: tenant.flowId }, { flowId: other.flowId }] },
          'scheduledFlows[1].flowId',
        ],
        [
          { schedule: { rules: [{ flowId: tenant.flowId }, { flowId: other.flowId }] } },
          'schedule.rules[1].flowId',
        ],
        [{ tagIds: [other.tagIds[0]] }, 'tagIds'],
        [{ flowId: other.flowId }, 'flowId'],
        [{ customerId: other.customerId }, 'customerId'],
        [{ data: { x: { nope: 1 } } }, 'data'],
        [{ userMode: 'Telepathy' }, 'userMode'],
      ] as const) {
        const res = await patch(e.plain2.id, { referenceId: 'should-not-stick', ...body });
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(res.body.responseStatus.errors.map((x: any) => x.fieldName)).toContain(field);
      }
      expect(await ok(t.request('GET', `/endpoints/${e.plain2.id}`, { token: tenant.managerToken }))).toEqual(
        before,
      );
    });

    it('another tenant cannot patch the endpoint (404, nothing changes)', async () => {
      const res = await patch(e.plain2.id, { displayName: 'Hijacked' }, other.managerToken);
      expect(res.status).toBe(404);
      const after = await ok(t.request('GET', `/endpoints/${e.plain2.id}`, { token: tenant.managerToken }));
      expect(after.displayName).toBe('Front Desk');
    });

    it('a Customer-role caller cannot move an endpoint out of their subtree', async () => {
      const res = await patch(e.child.id, { customerId: null }, tenant.customerToken);
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0].fieldName).toBe('customerId');
    });
  });

  describe('DELETE /endpoints/{id}', () => {
    it('another tenant cannot delete it (404) and it stays', async () => {
      const res = await t.request('DELETE', `/endpoints/${e.fax.id}`, { token: other.managerToken });
      expect(res.status).toBe(404);
      expect((await t.request('GET', `/endpoints/${e.fax.id}`, { token: tenant.managerToken })).status).toBe(
        200,
      );
    });

    it('when the provider cannot release a bought number, answers 503 and keeps the endpoint', async () => {
      provider.failReleases = true;
      try {
        const res = await t.request('DELETE', `/endpoints/${e.bought.id}`, { token: tenant.managerToken });
        expect(res.status).toBe(503);
      } finally {
        provider.failReleases = false;
      }
      expect(
        (await t.request('GET', `/endpoints/${e.bought.id}`, { token: tenant.managerToken })).status,
      ).toBe(200);
      expect(await provider.findOwnedNumber(e.bought.phoneNumber)).not.toBeNull();
    });

    it('releases a bought number at the provider, then removes the endpoint and its tags (204)', async () => {
      const res = await t.request('DELETE', `/endpoints/${e.bought.id}`, { token: tenant.managerToken });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(provider.releases).toContain(e.bought.phoneNumberSid);
      expect(await provider.findOwnedNumber(e.bought.phoneNumber)).toBeNull();
      expect(
        (await t.request('GET', `/endpoints/${e.bought.id}`, { token: tenant.managerToken })).status,
      ).toBe(404);
      expect(ids(await listOk(`tagIds=${tenant.tagIds[1]}`))).toEqual([]);
    });

    it('removes a virtual number without asking the provider; a second delete is a 404', async () => {
      const releases = provider.releases.length;
      expect(
        (await t.request('DELETE', `/endpoints/${e.fax.id}`, { token: tenant.managerToken })).status,
      ).toBe(204);
      expect(provider.releases.length).toBe(releases);
      expect(
        (await t.request('DELETE', `/endpoints/${e.fax.id}`, { token: tenant.managerToken })).status,
      ).toBe(404);
    });
  });
});
