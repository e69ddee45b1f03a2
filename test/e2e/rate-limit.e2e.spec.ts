import { randomBytes } from 'node:crypto';
import { createTenant, nextNumber, Tenant } from '../factories/tenant';
import { ApiResponse, startApp, TestApp } from '../helpers/test-app';

const LIMITS = {
  RATE_LIMIT_DEFAULT_LIMIT: '5',
  RATE_LIMIT_DEFAULT_TTL_MS: '600000',
  RATE_LIMIT_AUTH_LIMIT: '3',
  RATE_LIMIT_AUTH_TTL_MS: '600000',
  RATE_LIMIT_BUY_LIMIT: '2',
  RATE_LIMIT_BUY_TTL_MS: '600000',
};

/** Counters in the local Redis, under a key prefix of their own. */
const redis = (): Record<string, string> => ({
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_KEY_PREFIX: `evo-test-${randomBytes(6).toString('hex')}:`,
});

/** Runs the same behaviour with counters in memory and in Redis. */
describe.each([
  { where: 'in memory', useRedis: false },
  { where: 'in Redis', useRedis: true },
])('rate limits, counted $where', ({ useRedis }) => {
  const storageEnv = (): Record<string, string> => (useRedis ? redis() : {});
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    // Generous limits while the tenants are built, then the low ones under test.
    // Each app counts afresh (its own Redis key prefix).
    const setup = await startApp({ env: { ...storageEnv(), RATE_LIMIT_AUTH_LIMIT: '50' } });
    tenant = await createTenant(setup);
    other = await createTenant(setup);
    await setup.app.close();
    t = await startApp({ env: { ...storageEnv(), ...LIMITS }, database: setup.database });
  }, 90000);
  afterAll(async () => {
    await t?.close();
    await t?.database.drop();
  });

  it('limits each caller separately, with rate-limit headers, and answers 429 in the envelope with Retry-After', async () => {
    const responses: ApiResponse[] = [];
    for (let i = 0; i < 6; i += 1)
      responses.push(await t.request('GET', '/accounts', { token: tenant.managerToken }));
    expect(responses[0].headers.get('x-ratelimit-limit')).toBe('5');
    expect(responses[0].headers.get('x-ratelimit-remaining')).toBe('4');
    expect(responses[4].headers.get('x-ratelimit-remaining')).toBe('0');
    // Seconds until the window (10 minutes here) starts again.
    expect(Number(responses[0].headers.get('x-ratelimit-reset'))).toBeGreaterThan(590);
    expect(Number(responses[0].headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(600);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const last = responses[5];
    expect(last.body.responseStatus).toMatchObject({ errorCode: 'TooManyRequests' });
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user of the same IP has a budget of their own.
    expect((await t.request('GET', '/accounts', { token: other.managerToken })).status).toBe(200);
  });

  it('is tighter on buying numbers', async () => {
    const buy = () =>
      t.request('POST', '/endpoints/phone-numbers', {
        token: other.managerToken,
        body: { number: nextNumber(), isVirtualPhoneNumber: true },
      });
    expect([(await buy()).status, (await buy()).status, (await buy()).status]).toEqual([200, 200, 429]);
  });

  it('is tighter on /auth, counted per IP for anonymous callers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await t.request('POST', '/auth/credentials', {
        body: { userName: 'nobody@test.local', password: 'wrong-password' },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
