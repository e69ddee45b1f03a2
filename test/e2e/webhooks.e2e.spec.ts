import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventDispatcher } from '../../src/events/event-dispatcher';
import type { DomainEvent } from '../../src/events/event-types';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/eventually';
import { verifyStandardWebhook, WebhookReceiver } from '../helpers/webhook-receiver';

/** The receivers listen on loopback, which webhooks may reach only with this opt-in. */
const LOOPBACK_RECEIVERS = { WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1' };
const FAST_DISPATCH = {
  ...LOOPBACK_RECEIVERS,
  WEBHOOK_POLL_INTERVAL_MS: '200',
  WEBHOOK_RETRY_BASE_MS: '100',
};

describe('webhooks', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let receiver: WebhookReceiver;
  let otherReceiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    otherReceiver = await new WebhookReceiver().start();
    t = await startApp({ env: FAST_DISPATCH });
    tenant = await createTenant(t);
    other = await createTenant(t);
  }, 60000);
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
    await otherReceiver?.stop();
  });

  const register = (token: string, body: Record<string, unknown>) =>
    t.request('POST', '/webhooks', { token, body });
  const buy = (token: string, number = nextNumber()) =>
    ok(t.request('POST', '/endpoints/phone-numbers', { token, body: { number } }));

  it('delivers endpoint.created, signed per Standard Webhooks, and records the delivery', async () => {
    const hook = await ok(register(tenant.managerToken, { url: receiver.url('/a'), description: 'CRM' }));
    expect(hook).toMatchObject({ accountId: tenant.accountId, url: receiver.url('/a'), eventTypes: [] });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await ok(register(other.managerToken, { url: otherReceiver.url('/other') }));

    const endpoint = await buy(tenant.managerToken);
    const delivered = await eventually(() =>
      receiver.received.find((r) => r.path === '/a' && r.json.data.id === endpoint.id),
    );
    expect(verifyStandardWebhook(hook.secret, delivered)).toBe(true);
    expect(verifyStandardWebhook(`whsec_${Buffer.from('wrong key').toString('base64')}`, delivered)).toBe(
      false,
    );
    expect(delivered.headers['content-type']).toBe('application/json');
    expect(Number(delivered.headers['webhook-timestamp'])).toBeGreaterThan(1_700_000_000);
    expect(delivered.json).toMatchObject({
      type: 'endpoint.created',
      data: {
        id: endpoint.id,
        accountId: tenant.accountId,
        phoneNumber: endpoint.phoneNumber,
        phoneNumberSid: endpoint.phoneNumberSid,
      },
    });

    const deliveries = await eventually(async () => {
      const res = await ok(
        t.request('GET', `/webhooks/${hook.id}/deliveries`, { token: tenant.managerToken }),
      );
      return res.items.find(
        (d: any) => d.eventId === delivered.headers['webhook-id'] && d.status === 'succeeded',
      );
    });
    expect(deliveries).toMatchObject({ eventType: 'endpoint.created', attempts: 1, lastStatusCode: 204 });
    // The other tenant's webhook never hears of this tenant's endpoint.
    expect(otherReceiver.received.filter((r) => r.json.data.id === endpoint.id)).toEqual([]);
  });

  it('delivers endpoint.updated (naming the changed fields) and endpoint.deleted', async () => {
    const hook = await ok(register(tenant.managerToken, { url: receiver.url('/lifecycle') }));
    const endpoint = await buy(tenant.managerToken);
    const ofEndpoint = (type: string) =>
      receiver.received.find(
        (r) => r.path === '/lifecycle' && r.json.type === type && r.json.data.id === endpoint.id,
      );
    await ok(
      t.request('PATCH', `/endpoints/${endpoint.id}`, {
        token: tenant.managerToken,
        body: { displayName: 'Front desk', referenceId: 'crm-42' },
      }),
    );
    const updated = await eventually(() => ofEndpoint('endpoint.updated'));
    expect(verifyStandardWebhook(hook.secret, updated)).toBe(true);
    expect(updated.json.data).toMatchObject({
      displayName: 'Front desk',
      changed: ['displayName', 'referenceId'],
    });

    const deletion = await t.request('DELETE', `/endpoints/${endpoint.id}`, { token: tenant.managerToken });
    expect(deletion.status).toBe(204);
    const deleted = await eventually(() => ofEndpoint('endpoint.deleted'));
    expect(deleted.json.data).toMatchObject({ id: endpoint.id, phoneNumber: endpoint.phoneNumber });
  });

  it('never returns the signing secret again', async () => {
    const hook = await ok(register(tenant.managerToken, { url: receiver.url('/secret') }));
    const list = await t.request('GET', '/webhooks', { token: tenant.managerToken });
    expect(list.text).not.toContain(hook.secret);
    expect(list.body.items.find((w: any) => w.id === hook.id)).toEqual({
      id: hook.id,
      accountId: tenant.accountId,
      url: receiver.url('/secret'),
      eventTypes: [],
      description: null,
      dateCreated: hook.dateCreated,
    });
  });

  it('publishes each event in-process for other modules', async () => {
    const seen: DomainEvent[] = [];
    const listener = (event: DomainEvent) => seen.push(event);
    t.app.get(EventEmitter2).on('endpoint.created', listener);
    const endpoint = await buy(tenant.managerToken);
    const event = await eventually(() => seen.find((e) => e.data.id === endpoint.id));
    expect(event).toMatchObject({ type: 'endpoint.created', accountId: tenant.accountId });
    t.app.get(EventEmitter2).off('endpoint.created', listener);
  });

  it('retries a failing receiver with backoff until it accepts, showing each attempt', async () => {
    const flaky = await new WebhookReceiver(2).start();
    try {
      const hook = await ok(register(tenant.managerToken, { url: flaky.url('/flaky') }));
      const endpoint = await buy(tenant.managerToken);
      await eventually(() => flaky.received.find((r) => r.json.data.id === endpoint.id));
      const delivery = await eventually(async () => {
        const res = await ok(
          t.request('GET', `/webhooks/${hook.id}/deliveries`, { token: tenant.managerToken }),
        );
        return res.items.find((d: any) => d.status === 'succeeded');
      });
      expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 204, lastError: null });
      expect(flaky.received.filter((r) => r.json.data.id === endpoint.id)).toHaveLength(1);
    } finally {
      await flaky.stop();
    }
  });

  it('sends only the event types a webhook subscribed to', async () => {
    const picky = await new WebhookReceiver().start();
    try {
      await ok(register(tenant.managerToken, { url: picky.url('/picky'), eventTypes: ['endpoint.deleted'] }));
      const everything = await ok(register(tenant.managerToken, { url: picky.url('/all') }));
      const endpoint = await buy(tenant.managerToken);
      await eventually(() => picky.received.find((r) => r.path === '/all' && r.json.data.id === endpoint.id));
      expect(everything.eventTypes).toEqual([]);
      expect(picky.received.filter((r) => r.path === '/picky')).toEqual([]);
    } finally {
      await picky.stop();
    }
  });

  describe('validation', () => {
    it('refuses a URL that is not http(s), naming the field', async () => {
      const res = await register(tenant.managerToken, { url: 'ftp://example.com/x' });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: 'url' });
    });

    it('refuses an unknown event type, naming the field', async () => {
      const res = await register(tenant.managerToken, {
        url: receiver.url(),
        eventTypes: ['endpoint.exploded'],
      });
      expect(res.status).toBe(400);
      expect(res.body.responseStatus.errors[0].fieldName).toMatch(/^eventTypes/);
    });
  });

  describe('listing', () => {
    it("pages webhooks oldest first, by page or by cursor, within the caller's accounts", async () => {
      const own = await createTenant(t);
      const hooks: { id: string }[] = [];
      for (const path of ['/p1', '/p2', '/p3'])
        hooks.push(await ok(register(own.managerToken, { url: receiver.url(path) })));
      const first = await ok(t.request('GET', '/webhooks?countPerPage=2', { token: own.managerToken }));
      expect(first).toMatchObject({ totalCount: 3, totalPages: 2, hasMorePages: true });
      expect(first.items.map((w: any) => w.id)).toEqual([hooks[0].id, hooks[1].id]);
      const rest = await ok(
        t.request('GET', `/webhooks?countPerPage=2&cursor=${first.nextCursor}`, { token: own.managerToken }),
      );
      expect(rest.items.map((w: any) => w.id)).toEqual([hooks[2].id]);
      expect(rest).toMatchObject({ hasMorePages: false, nextCursor: null });
      const foreign = await ok(
        t.request('GET', `/webhooks?accountId=${tenant.accountId}`, { token: own.managerToken }),
      );
      expect(foreign).toMatchObject({ totalCount: 0, items: [] });
    });

    it('names the field of a bad list request', async () => {
      const hook = await ok(register(tenant.managerToken, { url: receiver.url('/bad-list') }));
      const cases = [
        [`/webhooks/${hook.id}/deliveries?status=lost`, 'status'],
        [`/webhooks/${hook.id}/deliveries?sortField=url`, 'sortField'],
        ['/webhooks?sortField=secret', 'sortField'],
        ['/webhooks?countPerPage=0', 'countPerPage'],
      ];
      for (const [path, field] of cases) {
        const res = await t.request('GET', path, { token: tenant.managerToken });
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.responseStatus.errors[0].fieldName).toBe(field);
      }
    });
  });

  describe('tenancy', () => {
    it('keeps webhooks to their tenant: listing, deliveries, deletion and registration', async () => {
      const hook = await ok(register(tenant.managerToken, { url: receiver.url('/mine') }));
      const list = await ok(t.request('GET', '/webhooks', { token: other.managerToken }));
      expect(list.items.map((w: any) => w.id)).not.toContain(hook.id);
      const deliveries = await t.request('GET', `/webhooks/${hook.id}/deliveries`, {
        token: other.managerToken,
      });
      expect(deliveries.status).toBe(404);
      expect((await t.request('DELETE', `/webhooks/${hook.id}`, { token: other.managerToken })).status).toBe(
        404,
      );
      const foreign = await register(other.managerToken, {
        accountId: tenant.accountId,
        url: receiver.url(),
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.responseStatus.errors[0]).toMatchObject({
        fieldName: 'accountId',
        errorCode: 'NotFound',
      });
    });

    it('is for Managers and SystemAdministrators only', async () => {
      const res = await register(tenant.customerToken, { url: receiver.url() });
      expect(res.status).toBe(403);
      expect((await t.request('GET', '/webhooks', { token: tenant.customerToken })).status).toBe(403);
      const admin = await ok(
        register(await t.adminToken(), { accountId: tenant.accountId, url: receiver.url('/adm') }),
      );
      expect(admin.accountId).toBe(tenant.accountId);
    });

    it('deletes a webhook: 204, gone from the list, nothing more sent to it', async () => {
      const hook = await ok(register(tenant.managerToken, { url: receiver.url('/deleted') }));
      const res = await t.request('DELETE', `/webhooks/${hook.id}`, { token: tenant.managerToken });
      expect(res.status).toBe(204);
      const list = await ok(t.request('GET', '/webhooks', { token: tenant.managerToken }));
      expect(list.items.map((w: any) => w.id)).not.toContain(hook.id);
      const endpoint = await buy(tenant.managerToken);
      await eventually(() =>
        receiver.received.find((r) => r.path === '/a' && r.json.data.id === endpoint.id),
      );
      expect(receiver.received.filter((r) => r.path === '/deleted')).toEqual([]);
    });
  });
});

describe('webhook delivery across a restart', () => {
  it('delivers an event committed while no dispatcher ran, once one starts', async () => {
    const receiver = await new WebhookReceiver().start();
    const first = await startApp({ env: { ...LOOPBACK_RECEIVERS, WEBHOOK_DISPATCHER_ENABLED: 'false' } });
    let second: TestApp | undefined;
    try {
      const tenant = await createTenant(first);
      const hook = await ok(
        first.request('POST', '/webhooks', { token: tenant.managerToken, body: { url: receiver.url() } }),
      );
      const endpoint = await ok(
        first.request('POST', '/endpoints/phone-numbers', {
          token: tenant.managerToken,
          body: { number: nextNumber() },
        }),
      );
      await first.app.close();
      expect(receiver.received).toEqual([]);

      second = await startApp({ env: FAST_DISPATCH, database: first.database });
      const delivered = await eventually(() => receiver.received.find((r) => r.json.data.id === endpoint.id));
      expect(verifyStandardWebhook(hook.secret, delivered)).toBe(true);
    } finally {
      await second?.app.close();
      await first.database.drop();
      await receiver.stop();
    }
  }, 90000);

  it('works off a backlog of several batches, from several tenants, in one pass', async () => {
    const receiver = await new WebhookReceiver().start();
    const t = await startApp({ env: { ...LOOPBACK_RECEIVERS, WEBHOOK_DISPATCHER_ENABLED: 'false' } });
    try {
      const tenants = [await createTenant(t), await createTenant(t)];
      const hooks: { id: string }[] = [];
      for (const tenant of tenants)
        hooks.push(
          await ok(
            t.request('POST', '/webhooks', { token: tenant.managerToken, body: { url: receiver.url() } }),
          ),
        );
      // 2 x 70 events: more than one batch, interleaved between the two accounts.
      for (let i = 0; i < 70; i++)
        for (const tenant of tenants)
          await ok(
            t.request('POST', '/endpoints/phone-numbers', {
              token: tenant.managerToken,
              body: { number: nextNumber(), isVirtualPhoneNumber: true },
            }),
          );

      await t.app.get(EventDispatcher).runOnce();

      for (const [i, tenant] of tenants.entries()) {
        const deliveries = await ok(
          t.request('GET', `/webhooks/${hooks[i].id}/deliveries?countPerPage=100`, {
            token: tenant.managerToken,
          }),
        );
        // Every event of this tenant has its delivery to this tenant's webhook, and no other tenant's.
        expect(deliveries.totalCount).toBe(70);
        expect(deliveries.items).toHaveLength(70);
        expect(deliveries.items.every((d: any) => d.eventType === 'endpoint.created')).toBe(true);
        // Newest first; cursor pages cover the same deliveries without overlap.
        const createdAt = deliveries.items.map((d: any) => d.createdAt);
        expect(createdAt).toEqual([...createdAt].sort().reverse());
        const paged: string[] = [];
        let cursor = '';
        do {
          const page = await ok(
            t.request(
              `GET`,
              `/webhooks/${hooks[i].id}/deliveries?countPerPage=30&simplifiedPaging=true${cursor}`,
              {
                token: tenant.managerToken,
              },
            ),
          );
          paged.push(...page.items.map((d: any) => d.id));
          cursor = page.nextCursor ? `&cursor=${page.nextCursor}` : '';
        } while (cursor);
        expect(paged).toEqual(deliveries.items.map((d: any) => d.id));
        // `status` keeps only deliveries in that state: the three states split the 70 between them.
        let total = 0;
        for (const status of ['pending', 'succeeded', 'failed']) {
          const page = await ok(
            t.request('GET', `/webhooks/${hooks[i].id}/deliveries?status=${status}&countPerPage=100`, {
              token: tenant.managerToken,
            }),
          );
          expect(page.items.every((d: any) => d.status === status)).toBe(true);
          total += page.totalCount;
        }
        expect(total).toBe(70);
      }
    } finally {
      await t.close();
      await receiver.stop();
    }
  }, 90000);

  it('publishes each event once when two instances work off one backlog at the same time', async () => {
    const first = await startApp({ env: { ...LOOPBACK_RECEIVERS, WEBHOOK_DISPATCHER_ENABLED: 'false' } });
    const second = await startApp({
      env: { ...LOOPBACK_RECEIVERS, WEBHOOK_DISPATCHER_ENABLED: 'false' },
      database: first.database,
    });
    try {
      const tenant = await createTenant(first);
      // More than one batch of events.
      const bought: string[] = [];
      for (let i = 0; i < 150; i++)
        bought.push(
          (
            await ok(
              first.request('POST', '/endpoints/phone-numbers', {
                token: tenant.managerToken,
                body: { number: nextNumber(), isVirtualPhoneNumber: true },
              }),
            )
          ).id,
        );
      const published: string[] = [];
      for (const instance of [first, second])
        instance.app
          .get(EventEmitter2)
          .on('endpoint.created', (e: DomainEvent<{ id: string }>) => published.push(e.data.id));

      // Both at once, until the backlog is worked off (on SQLite, a pass that finds the database
      // locked by the other leaves its batch for the next pass).
      for (let pass = 0; pass < 20 && published.length < bought.length; pass++)
        await Promise.allSettled([first, second].map((i) => i.app.get(EventDispatcher).runOnce()));

      expect([...published].sort()).toEqual([...bought].sort());
    } finally {
      await second.close();
      await first.close();
    }
  }, 120000);
});

describe('webhook targets (server-side request forgery)', () => {
  /** Loopback in every spelling a URL parser accepts (only loopback: nothing here may leave the machine). */
  const LOOPBACK_SPELLINGS = [
    'http://127.0.0.1/hook',
    'http://127.1/hook',
    'http://0x7f000001/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://127.0.0.2:8080/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:7f00:1]/hook',
    'http://localhost/hook',
    'http://LOCALHOST./hook',
    'http://api.localhost/hook',
    'https://localhost:8443/hook',
    'http://0.0.0.0/hook',
    'http://[::]/hook',
  ];

  it('refuses loopback and unspecified addresses in every spelling, naming url, storing nothing', async () => {
    const t = await startApp();
    try {
      const tenant = await createTenant(t);
      for (const url of LOOPBACK_SPELLINGS) {
        const res = await t.request('POST', '/webhooks', { token: tenant.managerToken, body: { url } });
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: 'url' });
      }
      const list = await ok(t.request('GET', '/webhooks', { token: tenant.managerToken }));
      expect(list.items).toEqual([]);
    } finally {
      await t.close();
    }
  }, 60000);

  it('refuses at delivery a target no longer allowed, sending nothing and recording why', async () => {
    const receiver = await new WebhookReceiver().start();
    const first = await startApp({ env: { ...LOOPBACK_RECEIVERS, WEBHOOK_DISPATCHER_ENABLED: 'false' } });
    let second: TestApp | undefined;
    try {
      const tenant = await createTenant(first);
      const hook = await ok(
        first.request('POST', '/webhooks', { token: tenant.managerToken, body: { url: receiver.url() } }),
      );
      await first.app.close();
      // The same database, now without the opt-in: the stored URL is checked again at delivery.
      second = await startApp({
        env: { WEBHOOK_POLL_INTERVAL_MS: '100', WEBHOOK_MAX_ATTEMPTS: '1' },
        database: first.database,
      });
      const t = second;
      await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: tenant.managerToken,
          body: { number: nextNumber() },
        }),
      );
      const delivery = await eventually(async () => {
        const res = await ok(
          t.request('GET', `/webhooks/${hook.id}/deliveries`, { token: tenant.managerToken }),
        );
        return res.items.find((d: any) => d.status === 'failed');
      });
      expect(delivery.lastStatusCode).toBeNull();
      expect(delivery.lastError).toMatch(/refused.*127\.0\.0\.1.*loopback/i);
      expect(receiver.received).toEqual([]);
    } finally {
      await second?.app.close();
      await first.database.drop();
      await receiver.stop();
    }
  }, 90000);

  it('does not follow a redirect: a 3xx is a failed delivery and its target hears nothing', async () => {
    const target = await new WebhookReceiver().start();
    const redirector: Server = createServer((_req, res) =>
      res.writeHead(307, { location: target.url('/redirected') }).end(),
    );
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const t = await startApp({ env: { ...FAST_DISPATCH, WEBHOOK_MAX_ATTEMPTS: '1' } });
    try {
      const tenant = await createTenant(t);
      const port = (redirector.address() as AddressInfo).port;
      const hook = await ok(
        t.request('POST', '/webhooks', {
          token: tenant.managerToken,
          body: { url: `http://127.0.0.1:${port}/hook` },
        }),
      );
      await ok(
        t.request('POST', '/endpoints/phone-numbers', {
          token: tenant.managerToken,
          body: { number: nextNumber() },
        }),
      );
      const delivery = await eventually(async () => {
        const res = await ok(
          t.request('GET', `/webhooks/${hook.id}/deliveries`, { token: tenant.managerToken }),
        );
        return res.items.find((d: any) => d.status === 'failed');
      });
      expect(delivery).toMatchObject({ lastStatusCode: 307, lastError: 'HTTP 307' });
      expect(target.received).toEqual([]);
    } finally {
      await t.close();
      redirector.closeAllConnections();
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
      await target.stop();
    }
  }, 60000);
});
