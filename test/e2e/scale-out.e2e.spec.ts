import { randomBytes } from 'node:crypto';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { CountingSandboxProvider } from '../helpers/counting-provider';
import { createPostgresDatabase, TestDatabase } from '../helpers/database';
import { startApp, TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/eventually';
import { verifyStandardWebhook, WebhookReceiver } from '../helpers/webhook-receiver';

/**
 * Two instances of the service on one PostgreSQL database and one Redis, as behind a load balancer.
 * Always on PostgreSQL (the deployment it proves), on the server DATABASE_URL names or the local one.
 */
const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('scale-out: two instances, one PostgreSQL, one Redis', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let tenant: Tenant;
  const providers = [new CountingSandboxProvider(), new CountingSandboxProvider()];
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    database = await createPostgresDatabase(POSTGRES);
    const env = {
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `evo-scale-${randomBytes(6).toString('hex')}:`,
      RATE_LIMIT_DEFAULT_LIMIT: '6',
      RATE_LIMIT_DEFAULT_TTL_MS: '600000',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      // The webhook receiver listens on loopback.
      WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
    };
    a = await startApp({ database, env, provider: providers[0] });
    b = await startApp({ database, env, provider: providers[1] });
    tenant = await createTenant(a);
  }, 60000);
  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
    await database?.drop();
    await receiver.stop();
  });

  it('sees one set of data: a session opened on one instance works on the other', async () => {
    const fromB = await ok(b.request('GET', `/accounts/${tenant.accountId}`, { token: tenant.managerToken }));
    expect(fromB.id).toBe(tenant.accountId);
  });

  it('races buys of the same numbers across both instances: exactly one wins each, bought once', async () => {
    const hook = await ok(
      a.request('POST', '/webhooks', { token: tenant.managerToken, body: { url: receiver.url('/scale') } }),
    );
    const numbers = Array.from({ length: 6 }, () => nextNumber());
    const results = await Promise.all(
      numbers.flatMap((number) =>
        [a, b].map((app) =>
          app
            .request('POST', '/endpoints/phone-numbers', { token: tenant.managerToken, body: { number } })
            .then((res) => ({ number, status: res.status, body: res.body })),
        ),
      ),
    );
    for (const number of numbers) {
      const statuses = results.filter((r) => r.number === number).map((r) => r.status);
      expect({ number, statuses: statuses.sort() }).toEqual({ number, statuses: [200, 409] });
      expect(providers[0].purchasesOf(number) + providers[1].purchasesOf(number)).toBe(1);
    }

    // Each endpoint.created reaches the webhook once, whichever instance dispatched it.
    const winners = results.filter((r) => r.status === 200).map((r) => r.body.id as string);
    await eventually(async () => {
      const deliveries = await ok(
        b.request('GET', `/webhooks/${hook.id}/deliveries?countPerPage=1000`, { token: tenant.managerToken }),
      );
      const done = deliveries.items.filter((d: any) => d.status === 'succeeded');
      return done.length === winners.length ? done : undefined;
    });
    const received = receiver.received.filter((r) => r.path === '/scale');
    expect(received.map((r) => r.json.data.id).sort()).toEqual([...winners].sort());
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(winners.length);
    for (const r of received) expect(verifyStandardWebhook(hook.secret, r)).toBe(true);
  });

  it('shares one rate limit across both instances (counters in Redis)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const app = i % 2 === 0 ? a : b;
      statuses.push((await app.request('GET', '/accounts', { token: tenant.managerToken })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
