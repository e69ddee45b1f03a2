import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

/** Two anonymous refresh attempts (401s) use up the budget of `/access-token` (the `auth` limit). */
const LIMITS = { RATE_LIMIT_AUTH_LIMIT: '2', RATE_LIMIT_AUTH_TTL_MS: '600000' };

/** Signs in saying (as a TLS-terminating proxy would) that the client used https: the session cookie's flags. */
const cookieOverHttps = async (t: TestApp): Promise<string> => {
  const res = await t.request('POST', '/auth/credentials', {
    body: { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    headers: { 'x-forwarded-proto': 'https' },
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0];
};

const refreshFrom = (t: TestApp, forwardedFor: string) =>
  t.request('POST', '/access-token', {
    body: { refreshToken: 'evr_not-a-refresh-token' },
    headers: { 'x-forwarded-for': forwardedFor },
  });

describe('client addresses behind proxies (TRUST_PROXY)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('ignores X-Forwarded-For by default: a client cannot give itself a fresh budget', async () => {
    t = await startApp({ env: LIMITS });
    expect((await refreshFrom(t, '198.51.100.1')).status).toBe(401);
    expect((await refreshFrom(t, '198.51.100.2')).status).toBe(401);
    // A third "address" is still the same client (the socket's, 127.0.0.1): over the limit.
    const third = await refreshFrom(t, '198.51.100.3');
    expect(third.status).toBe(429);
    expect(third.body.responseStatus.errorCode).toBe('TooManyRequests');
    // Nor X-Forwarded-Proto: the connection was plain http.
    expect(await cookieOverHttps(t)).not.toMatch(/; Secure/);
  });

  it('takes the client address from X-Forwarded-For when the proxy it came through is trusted', async () => {
    t = await startApp({ env: { ...LIMITS, TRUST_PROXY: '127.0.0.1' } });
    expect((await refreshFrom(t, '198.51.100.1')).status).toBe(401);
    expect((await refreshFrom(t, '198.51.100.1')).status).toBe(401);
    expect((await refreshFrom(t, '198.51.100.1')).status).toBe(429);
    // Another client behind the same proxy has a budget of its own.
    expect((await refreshFrom(t, '198.51.100.2')).status).toBe(401);
    expect(await cookieOverHttps(t)).toMatch(/^ss-id=.*; Secure/);
  });
});
