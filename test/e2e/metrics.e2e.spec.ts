import { createTenant, ok, Tenant } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';
import { TelephonyProvider } from '../../src/telephony/telephony.provider';

const METRICS_TOKEN = 'scrape-token-for-tests-0123456789abcdef';

/** The value of the sample `name{labels}` in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(/,(?=\w+=")/);
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

/** GET /metrics: Prometheus text for a SystemAdministrator or the scrape token, and nobody else. */
describe('Metrics', () => {
  let t: TestApp;
  let tenant: Tenant;
  const basic = `Basic ${Buffer.from(`${ADMIN_EMAIL}:${ADMIN_PASSWORD}`).toString('base64')}`;

  beforeAll(async () => {
    t = await startApp({ env: { METRICS_TOKEN, RATE_LIMIT_BUY_LIMIT: '2' } });
    tenant = await createTenant(t);
  });
  afterAll(() => t?.close());

  const scrape = async (authorization: string): Promise<string> => {
    const res = await t.request('GET', '/metrics', { headers: { authorization } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('counts buys by outcome, provider calls, requests by route and rate-limit refusals', async () => {
    const before = await scrape(basic);
    const number = '+15005550006';
    await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { accountId: tenant.accountId, number },
      }),
    );
    const refused = await t.request('POST', '/endpoints/phone-numbers', {
      token: tenant.managerToken,
      body: { accountId: tenant.accountId, number: '+15005550000' },
    });
    expect(refused.status).toBe(400);
    const limited = await t.request('POST', '/endpoints/phone-numbers', {
      token: tenant.managerToken,
      body: { accountId: tenant.accountId, number: '+15005550007' },
    });
    expect(limited.status).toBe(429);
    const after = await scrape(`Bearer ${await t.adminToken()}`);

    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('phone_number_buys_total', { outcome: 'bought' })).toBe(1);
    expect(moved('phone_number_buys_total', { outcome: 'NumberNotAvailable' })).toBe(1);
    expect(moved('rate_limit_refusals_total', { category: 'buy' })).toBe(1);
    const buyRoute = { route: '/endpoints/phone-numbers', method: 'POST' };
    expect(moved('http_request_duration_seconds_count', { ...buyRoute, status: '200' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { ...buyRoute, status: '400' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { ...buyRoute, status: '429' })).toBe(1);
    expect(
      sample(after, 'http_request_duration_seconds_sum', { ...buyRoute, status: '200' }),
    ).toBeGreaterThan(0);
    const purchase = { provider: 'sandbox', operation: 'purchaseNumber' };
    expect(moved('telephony_provider_call_duration_seconds_count', { ...purchase, outcome: 'ok' })).toBe(1);
    expect(moved('telephony_provider_errors_total', { ...purchase, error: 'NumberNotAvailable' })).toBe(1);
    // The route template, never the URL: no label carries an id.
    expect(after).not.toContain(tenant.accountId);
    // The buy wrote an endpoint.created event to the outbox; the gauges are read from the database.
    expect(after).toMatch(/^outbox_pending_events \d+$/m);
    expect(after).toMatch(/^outbox_lag_seconds [\d.e+-]+$/m);
    expect(after).toMatch(/^webhook_deliveries_pending \d+$/m);
    if (t.database.env.DATABASE_URL)
      expect(sample(after, 'db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });

  it('counts what a reconciler run finds, by kind', async () => {
    const drifter = await createTenant(t);
    const bought = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: drifter.managerToken,
        body: { accountId: drifter.accountId, number: '+15005550008' },
      }),
    );
    // Released behind the service's back: the next run finds it missing at the provider.
    await t.app.get(TelephonyProvider).releaseNumber(bought.phoneNumberSid);
    const before = await scrape(basic);
    const report = await ok(
      t.request('POST', '/phone-numbers/sync', {
        token: await t.adminToken(),
        body: { accountId: drifter.accountId },
      }),
    );
    expect(report.counts.missingAtProvider).toBe(1);
    const after = await scrape(basic);
    const kind = { kind: 'missingAtProvider' };
    expect(
      sample(after, 'reconciler_findings_total', kind) - sample(before, 'reconciler_findings_total', kind),
    ).toBe(1);
  });

  it('answers the scrape token, and refuses anonymous callers (401) and other roles (403)', async () => {
    expect(await scrape(`Bearer ${METRICS_TOKEN}`)).toContain(
      '# TYPE http_request_duration_seconds histogram',
    );

    const anonymous = await t.request('GET', '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.responseStatus.errorCode).toBe('Unauthorized');
    const wrongToken = await t.request('GET', '/metrics', { token: `${METRICS_TOKEN}x` });
    expect(wrongToken.status).toBe(401);
    const manager = await t.request('GET', '/metrics', { token: tenant.managerToken });
    expect(manager.status).toBe(403);
    expect(manager.text).not.toContain('http_request_duration_seconds');
  });

  it('counts the 429s of failed authentications among the rate-limit refusals', async () => {
    const before = await scrape(basic);
    const guess = (password: string) =>
      t.request('GET', '/accounts', {
        headers: {
          authorization: `Basic ${Buffer.from(`guessed@test.local:${password}`).toString('base64')}`,
        },
      });
    // AUTH_FAILURE_LIMIT (10) wrong passwords for one user name, then refused.
    for (let i = 0; i < 10; i++) expect((await guess(`wrong-${i}`)).status).toBe(401);
    expect((await guess('wrong-10')).status).toBe(429);
    const after = await scrape(basic);
    const category = { category: 'authFailures' };
    expect(
      sample(after, 'rate_limit_refusals_total', category) -
        sample(before, 'rate_limit_refusals_total', category),
    ).toBe(1);
  });

  it('is not part of the OpenAPI document nor of the ServiceStack routes', async () => {
    const document = (await t.request('GET', '/swagger-json')).body;
    expect(Object.keys(document.paths)).not.toContain('/metrics');
    expect((await t.request('GET', '/api/metrics', { token: await t.adminToken() })).status).toBe(404);
  });
});
