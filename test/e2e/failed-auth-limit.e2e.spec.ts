import { randomBytes } from 'node:crypto';
import { createTenant } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ApiResponse, startApp, TestApp } from '../helpers/test-app';

const basic = (userName: string, password: string): string =>
  `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;

const LIMITS = {
  AUTH_FAILURE_LIMIT: '3',
  AUTH_FAILURE_CLIENT_LIMIT: '6',
  AUTH_FAILURE_WINDOW_MS: '600000',
  // Each test is a client of its own, named by X-Forwarded-For through the trusted loopback proxy.
  TRUST_PROXY: '127.0.0.1',
};

/** Runs the same behaviour with the counters in memory and in Redis. */
describe.each([
  { where: 'in memory', useRedis: false },
  { where: 'in Redis', useRedis: true },
])('failed authentications, counted $where', ({ useRedis }) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({
      env: {
        ...LIMITS,
        ...(useRedis
          ? {
              REDIS_URL: 'redis://127.0.0.1:6379',
              REDIS_KEY_PREFIX: `evo-test-${randomBytes(6).toString('hex')}:`,
            }
          : {}),
      },
    });
  });
  afterAll(() => t?.close());

  const from = (client: string, headers: Record<string, string> = {}) => ({
    headers: { 'x-forwarded-for': client, ...headers },
  });
  const basicFrom = (client: string, userName: string, password: string) =>
    t.request('GET', '/accounts', from(client, { authorization: basic(userName, password) }));
  const loginFrom = (client: string, userName: string, password: string, path = '/auth/credentials') =>
    t.request('POST', path, { ...from(client), body: { userName, password } });

  const expectTooMany = (res: ApiResponse) => {
    expect(res.status).toBe(429);
    expect(res.body.responseStatus.errorCode).toBe('TooManyRequests');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  it('refuses Basic credentials with 429 and Retry-After after too many wrong passwords for a user name', async () => {
    const client = '198.51.100.11';
    // The right credentials, just verified elsewhere, are remembered: they are refused all the same below,
    // or a limited client could still tell the right password (200) from wrong ones (429).
    expect((await basicFrom('198.51.100.10', ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i += 1)
      expect((await basicFrom(client, ADMIN_EMAIL, `wrong-${i}`)).status).toBe(401);
    expectTooMany(await basicFrom(client, ADMIN_EMAIL, 'wrong-again'));
    // The right password from the same client is refused too while it is limited, on every password route.
    expectTooMany(await basicFrom(client, ADMIN_EMAIL, ADMIN_PASSWORD));
    expectTooMany(await loginFrom(client, ADMIN_EMAIL, ADMIN_PASSWORD));
    // Another client is not locked out of that user: the count is per client (and user name).
    expect((await basicFrom('198.51.100.12', ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });

  it('counts failed logins on /auth/credentials, /auth and /api/Authenticate alike, user names normalised', async () => {
    const client = '198.51.100.21';
    expect((await loginFrom(client, ADMIN_EMAIL, 'wrong-1')).status).toBe(401);
    expect((await loginFrom(client, ADMIN_EMAIL.toUpperCase(), 'wrong-2', '/auth')).status).toBe(401);
    expect((await loginFrom(client, ` ${ADMIN_EMAIL}`, 'wrong-3', '/api/Authenticate')).status).toBe(401);
    expectTooMany(await loginFrom(client, ADMIN_EMAIL, ADMIN_PASSWORD));
  });

  it('limits a client guessing across user names', async () => {
    const client = '198.51.100.31';
    for (let i = 0; i < 6; i += 1)
      expect((await loginFrom(client, `nobody-${i}@test.local`, 'wrong')).status).toBe(401);
    expectTooMany(await loginFrom(client, 'someone-else@test.local', 'wrong'));
    expectTooMany(await basicFrom(client, ADMIN_EMAIL, ADMIN_PASSWORD));
  });

  it('counts API keys and bearer tokens that fail against the client', async () => {
    const client = '198.51.100.41';
    const token = (i: number) => (i % 2 === 0 ? `evk_not-a-key-${i}` : `e30.e30.not-a-signature-${i}`);
    for (let i = 0; i < 6; i += 1)
      expect(
        (await t.request('GET', '/accounts', from(client, { authorization: `Bearer ${token(i)}` }))).status,
      ).toBe(401);
    expectTooMany(await t.request('GET', '/accounts', from(client, { authorization: 'Bearer evk_more' })));
  });

  it('does not count successful sign-ins, nor requests without credentials', async () => {
    const client = '198.51.100.51';
    for (let i = 0; i < 5; i += 1) {
      expect((await loginFrom(client, ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
      expect((await t.request('GET', '/accounts', from(client))).status).toBe(401);
    }
    // A burst of the right Basic credentials, not yet remembered, is one check, not one attempt each.
    const tenant = await createTenant(t);
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => basicFrom(client, tenant.managerEmail, tenant.password)),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(8).fill(200));
    // Failures under the limit do not stand in the way of the right password.
    expect((await loginFrom(client, ADMIN_EMAIL, 'typo-1')).status).toBe(401);
    expect((await loginFrom(client, ADMIN_EMAIL, 'typo-2')).status).toBe(401);
    expect((await loginFrom(client, ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });
});
