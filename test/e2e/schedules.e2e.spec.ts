import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

/**
 * Schedules through the real HTTP stack: the effective schedule of endpoints and customers (own,
 * inherited up the customer chain, the account default), evaluation at an instant and by the
 * account's test clock, the flow that would answer, validation naming the field, and tenancy.
 *
 * The worked example of the README: a root customer open Monday to Friday 09:00-17:00 in
 * America/New_York, closed on Christmas Day (a holiday rule of higher priority), Closed otherwise; an
 * endpoint two customers down inherits it and runs a day flow while Open, a night flow otherwise.
 */
describe('schedules: inherited-schedule and test-schedule for endpoints and customers', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  /** Customers: tenant.customerId (root, scheduled) > tenant.childCustomerId > grandchild (both unscheduled). */
  let grandchildId: string;
  /** A root customer beside tenant.customerId, outside the Customer-role caller's subtree. */
  let siblingId: string;
  let endpointId: string;
  let siblingEndpointId: string;
  let nightFlowId: string;

  const businessHours = {
    id: 'rule-hours',
    name: 'Business hours',
    priority: 1,
    state: 'Open',
    simpleRuleType: 'Time',
    frequency: 'Weekly',
    byDay: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((dayOfWeek) => ({ dayOfWeek })),
    startDate: '2026-01-01',
    startTime: '09:00',
    endTime: '17:00',
  };
  const christmas = {
    id: 'rule-christmas',
    name: 'Christmas',
    priority: 0,
    state: 'Holiday',
    simpleRuleType: 'Time',
    frequency: 'Yearly',
    byMonth: [12],
    byMonthDay: [25],
    startDate: '2026-01-01',
    isAllDay: true,
  };
  const officeSchedule = {
    timeZoneId: 'America/New_York',
    inherit: false,
    forceClosed: false,
    rules: [businessHours, christmas],
    defaultState: 'Closed',
  };

  const manager = () => tenant.managerToken;
  const get = (path: string, token = manager()) => t.request('GET', path, { token });
  const post = (path: string, body: Record<string, unknown>, token = manager()) =>
    t.request('POST', path, { token, body });
  const testEndpoint = (body: Record<string, unknown>, token = manager(), id = endpointId) =>
    post(`/endpoints/${id}/test-schedule`, body, token);
  const fieldOf = (res: { body: any }) => res.body.responseStatus?.errors?.[0]?.fieldName;
  const patchSettings = (body: Record<string, unknown>) =>
    t.request('PATCH', '/system/settings', {
      token: manager(),
      body: { accountId: tenant.accountId, ...body },
    });

  const newCustomer = (name: string, parentCustomerId?: string) =>
    ok(post('/customers', { accountId: tenant.accountId, name, parentCustomerId }));
  const virtualNumber = (customerId: string, extra: Record<string, unknown> = {}) =>
    ok(
      post('/endpoints/phone-numbers', {
        accountId: tenant.accountId,
        number: nextNumber(),
        isVirtualPhoneNumber: true,
        customerId,
        ...extra,
      }),
    );

  beforeAll(async () => {
    t = await startApp();
    [tenant, other] = [await createTenant(t), await createTenant(t)];
    grandchildId = (await newCustomer('Grandchild', tenant.childCustomerId)).id;
    siblingId = (await newCustomer('Sibling')).id;
    nightFlowId = (await ok(post('/flows', { accountId: tenant.accountId, name: 'Night' }))).id;
    await ok(
      t.request('PATCH', `/customers/${tenant.customerId}`, {
        token: manager(),
        body: { schedule: officeSchedule },
      }),
    );
    const endpoint = await virtualNumber(grandchildId, { flowId: tenant.flowId });
    endpointId = endpoint.id;
    await ok(
      t.request('PATCH', `/endpoints/${endpointId}`, {
        token: manager(),
        body: {
          schedule: { inherit: true },
          flowSchedule: 'Scheduled',
          scheduledFlows: [
            { stateName: 'Closed', flowId: nightFlowId },
            { stateName: 'Holiday', flowId: nightFlowId, flowParams: { greeting: { stringValue: 'Merry' } } },
          ],
        },
      }),
    );
    siblingEndpointId = (await virtualNumber(siblingId)).id;
  }, 180_000);
  afterAll(() => t?.close());

  describe('inherited-schedule', () => {
    it('an endpoint that inherits, two customers down, is governed by the nearest scheduled customer', async () => {
      const inherited = await ok(get(`/endpoints/${endpointId}/inherited-schedule`));
      expect(inherited).toEqual({
        ...officeSchedule,
        source: 'Customer',
        sourceCustomerId: tenant.customerId,
        sourceCustomerName: expect.stringMatching(/^Customer /),
      });
    });

    it('a customer has its own schedule, inherits its ancestor’s, or the account default', async () => {
      expect(await ok(get(`/customers/${tenant.customerId}/inherited-schedule`))).toMatchObject({
        source: 'Own',
        sourceCustomerId: null,
        timeZoneId: 'America/New_York',
      });
      expect(await ok(get(`/customers/${grandchildId}/inherited-schedule`))).toMatchObject({
        source: 'Customer',
        sourceCustomerId: tenant.customerId,
        rules: officeSchedule.rules,
      });
      expect(await ok(get(`/customers/${siblingId}/inherited-schedule`))).toEqual({
        timeZoneId: 'UTC',
        inherit: false,
        forceClosed: false,
        rules: [],
        defaultState: 'Open',
        source: 'AccountDefault',
        sourceCustomerId: null,
        sourceCustomerName: null,
      });
    });
  });

  describe('test-schedule', () => {
    it.each([
      ['a Wednesday morning', '2026-12-23T10:00:00-05:00', 'Open', 'Business hours', 'day'],
      ['the same instant in UTC', '2026-12-23T15:00:00Z', 'Open', 'Business hours', 'day'],
      ['a Wednesday evening', '2026-12-23T20:00:00-05:00', 'Closed', null, 'night'],
      ['the 17:00 end (exclusive)', '2026-12-23T17:00:00-05:00', 'Closed', null, 'night'],
      ['Saturday noon', '2026-12-26T12:00:00-05:00', 'Closed', null, 'night'],
      ['Christmas Day, a Friday', '2026-12-25T10:00:00-05:00', 'Holiday', 'Christmas', 'night'],
    ])(
      '%s (%s) is %s, and the flow that answers follows',
      async (_label, dateTime, state, ruleName, flow) => {
        const result = await ok(testEndpoint({ dateTime }));
        expect(result).toMatchObject({
          state,
          ruleName,
          ruleId: ruleName && (ruleName === 'Christmas' ? 'rule-christmas' : 'rule-hours'),
          timeZoneId: 'America/New_York',
          source: 'Customer',
          flowId: flow === 'day' ? tenant.flowId : nightFlowId,
          flowName: flow === 'day' ? expect.stringMatching(/^Flow /) : 'Night',
        });
        expect(result.flowParams).toEqual(state === 'Holiday' ? { greeting: { stringValue: 'Merry' } } : {});
      },
    );

    it('answers the instant in the schedule’s zone', async () => {
      const result = await ok(testEndpoint({ dateTime: '2026-07-01T13:30:00Z' }));
      expect(result.localDateTime).toBe('2026-07-01T09:30:00-04:00');
      expect(result.state).toBe('Open');
    });

    it('tries an unsaved schedule without storing it', async () => {
      const closed = await ok(
        testEndpoint({
          dateTime: '2026-12-23T10:00:00-05:00',
          schedule: { ...officeSchedule, forceClosed: true },
        }),
      );
      expect(closed).toMatchObject({ state: 'Closed', ruleId: null, source: 'Own', flowId: nightFlowId });
      const london = await ok(
        testEndpoint({
          dateTime: '2026-12-23T10:00:00-05:00',
          schedule: { ...officeSchedule, timeZoneId: 'Europe/London' },
        }),
      );
      // 15:00 in London is inside its own 09:00-17:00.
      expect(london).toMatchObject({ state: 'Open', localDateTime: '2026-12-23T15:00:00+00:00' });
      expect((await ok(get(`/endpoints/${endpointId}`))).schedule).toEqual({ inherit: true });
    });

    it('a CustomerState rule reads the state of the endpoint’s customer chain at that instant', async () => {
      const schedule = {
        timeZoneId: 'UTC',
        rules: [
          {
            name: 'When the office is on holiday',
            simpleRuleType: 'CustomerState',
            customerState: 'Holiday',
            state: 'Skeleton',
          },
        ],
        defaultState: 'Normal',
      };
      const onHoliday = await ok(testEndpoint({ dateTime: '2026-12-25T15:00:00Z', schedule }));
      expect(onHoliday).toMatchObject({ state: 'Skeleton', ruleName: 'When the office is on holiday' });
      const workday = await ok(testEndpoint({ dateTime: '2026-12-23T15:00:00Z', schedule }));
      expect(workday).toMatchObject({ state: 'Normal', ruleName: null });
    });

    it('a customer is tested the same way (no flow)', async () => {
      const result = await ok(
        post(`/customers/${tenant.childCustomerId}/test-schedule`, { dateTime: '2026-12-25T10:00:00-05:00' }),
      );
      expect(result).toEqual({
        state: 'Holiday',
        ruleId: 'rule-christmas',
        ruleName: 'Christmas',
        timeZoneId: 'America/New_York',
        localDateTime: '2026-12-25T10:00:00-05:00',
        source: 'Customer',
      });
      const atDefault = await ok(post(`/customers/${siblingId}/test-schedule`, {}));
      expect(atDefault).toMatchObject({ state: 'Open', timeZoneId: 'UTC', source: 'AccountDefault' });
    });

    it('the account’s test clock replaces now for every evaluation, until it is turned off', async () => {
      const set = await ok(
        patchSettings({
          overrideSystemTime: true,
          overrideSystemTimeZoneId: 'America/New_York',
          overrideSystemDateTime: '2026-12-25T12:00:00',
        }),
      );
      expect(set).toMatchObject({
        overrideSystemTime: true,
        overrideSystemTimeZoneId: 'America/New_York',
        overrideSystemDateTime: '2026-12-25T12:00:00',
      });
      const frozen = await ok(testEndpoint({}));
      expect(frozen).toMatchObject({ state: 'Holiday', localDateTime: '2026-12-25T12:00:00-05:00' });
      // ListEndpoints' flowState is the state each endpoint is in now, by the same clock.
      const idsIn = async (state: string) =>
        (await ok(get(`/endpoints?flowState=${state}`))).items.map((x: { id: string }) => x.id);
      expect(await idsIn('Holiday')).toEqual([endpointId]);
      expect(await idsIn('Open')).toEqual([siblingEndpointId]);
      expect(await idsIn('Closed')).toEqual([]);
      // An explicit dateTime still wins.
      expect((await ok(testEndpoint({ dateTime: '2026-12-23T10:00:00-05:00' }))).state).toBe('Open');
      // Another account's clock is its own.
      const otherNow = await ok(post(`/customers/${other.customerId}/test-schedule`, {}, other.managerToken));
      expect(otherNow.localDateTime).not.toBe('2026-12-25T17:00:00+00:00');

      const off = await ok(patchSettings({ overrideSystemTime: false }));
      expect(off).toMatchObject({ overrideSystemTime: false, overrideSystemDateTime: '2026-12-25T12:00:00' });
      const live = await ok(testEndpoint({}));
      expect(live.localDateTime).not.toBe('2026-12-25T12:00:00-05:00');
      expect(Math.abs(Date.parse(live.localDateTime) - Date.now())).toBeLessThan(60 * 60_000);
    });
  });

  describe('refusals', () => {
    it.each([
      [{ dateTime: '2026-12-23T10:00:00' }, 'dateTime'],
      [{ dateTime: '2026-02-30T10:00:00Z' }, 'dateTime'],
      [{ dateTime: 'tomorrow' }, 'dateTime'],
      [{ schedule: { timeZoneId: 'Mars/Olympus' } }, 'schedule.timeZoneId'],
      [
        {
          schedule: {
            rules: [
              {},
              { priority: 1 },
              { frequency: 'Monthly', byDay: [{ offset: 99, dayOfWeek: 'Friday' }] },
            ],
          },
        },
        'schedule.rules[2].byDay[0].offset',
      ],
      [{ schedule: { rules: [{ frequency: 'Fortnightly' }] } }, 'schedule.rules[0].frequency'],
    ])('%j is a 400 naming %s', async (body, field) => {
      const res = await testEndpoint(body);
      expect(res.status).toBe(400);
      expect(fieldOf(res)).toBe(field);
    });

    it('the test clock cannot be turned on without an instant, nor set in an unknown zone; nothing is written', async () => {
      const fresh = await createTenant(t);
      const patch = (body: Record<string, unknown>) =>
        t.request('PATCH', '/system/settings', {
          token: fresh.managerToken,
          body: { accountId: fresh.accountId, ...body },
        });
      const noInstant = await patch({ overrideSystemTime: true });
      expect(noInstant.status).toBe(400);
      expect(fieldOf(noInstant)).toBe('overrideSystemDateTime');
      const badZone = await patch({
        overrideSystemTimeZoneId: 'Nowhere/Land',
        overrideSystemDateTime: '2026-01-01T00:00:00',
      });
      expect(badZone.status).toBe(400);
      expect(fieldOf(badZone)).toBe('overrideSystemTimeZoneId');
      const badInstant = await patch({ overrideSystemDateTime: '2026-13-01T00:00:00' });
      expect(fieldOf(badInstant)).toBe('overrideSystemDateTime');
      const stored = await ok(
        t.request('GET', `/system/settings?accountId=${fresh.accountId}`, { token: fresh.managerToken }),
      );
      expect(stored).toMatchObject({
        overrideSystemTime: false,
        overrideSystemTimeZoneId: null,
        overrideSystemDateTime: null,
      });
    });
  });

  describe('tenancy', () => {
    it.each([
      ['GET', 'inherited-schedule'],
      ['POST', 'test-schedule'],
    ])(
      'another account’s manager gets a 404 for %s %s of an endpoint and a customer',
      async (method, route) => {
        for (const path of [
          `/endpoints/${endpointId}/${route}`,
          `/customers/${tenant.customerId}/${route}`,
        ]) {
          const res = await t.request(method, path, {
            token: other.managerToken,
            body: method === 'POST' ? {} : undefined,
          });
          expect(res.status).toBe(404);
          expect(JSON.stringify(res.body)).not.toContain('Business hours');
        }
      },
    );

    it('a Customer-role caller reaches its subtree (and inherits from its own customer), not a sibling', async () => {
      const own = await ok(testEndpoint({ dateTime: '2026-12-23T10:00:00-05:00' }, tenant.customerToken));
      expect(own).toMatchObject({ state: 'Open', source: 'Customer' });
      for (const path of [
        `/endpoints/${siblingEndpointId}/inherited-schedule`,
        `/customers/${siblingId}/inherited-schedule`,
      ]) {
        expect((await get(path, tenant.customerToken)).status).toBe(404);
      }
      const res = await testEndpoint({}, tenant.customerToken, siblingEndpointId);
      expect(res.status).toBe(404);
    });

    it('a caller without a token gets a 401', async () => {
      expect((await t.request('GET', `/endpoints/${endpointId}/inherited-schedule`)).status).toBe(401);
    });
  });

  it('answers on ServiceStack’s predefined route too', async () => {
    const result = await ok(
      post('/api/TestEndpointSchedule', { endpointId, dateTime: '2026-12-25T10:00:00-05:00' }),
    );
    expect(result.state).toBe('Holiday');
  });
});
