import { jest } from '@jest/globals';
import { connect } from 'node:net';
import { DataSource } from 'typeorm';
import { BasicCredentialsService } from '../../src/auth/basic-credentials.service';
import { UserEntity } from '../../src/users/entities/user.entity';
import { hashPassword } from '../../src/security/password';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

const ALLOWED_ORIGIN = 'https://app.example.com';

/** ServiceStack's conventions on the wire, as plain HTTP clients (curl, fetch) use them. */
describe('ServiceStack wire conventions', () => {
  let t: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    // Behind a trusted proxy (loopback), whose X-Forwarded-Proto says whether the client used https.
    t = await startApp({
      env: { CORS_ORIGINS: `${ALLOWED_ORIGIN}, http://localhost:5173`, TRUST_PROXY: '127.0.0.1' },
    });
    tenant = await createTenant(t);
  });
  afterAll(() => t?.close());

  const auth = () => ({ authorization: `Bearer ${tenant.managerToken}` });

  const expectEnvelope = (res: { headers: Headers; body: any }, errorCode: string) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.responseStatus).toMatchObject({ errorCode, message: expect.any(String) });
    expect(Array.isArray(res.body.responseStatus.errors)).toBe(true);
  };

  describe('formats', () => {
    it('serves the .json suffix on custom and predefined routes', async () => {
      for (const path of ['/accounts.json', '/api/ListAccounts.json', '/json/reply/listaccounts.json']) {
        const res = await t.request('GET', path, { token: tenant.managerToken });
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([tenant.accountId]);
      }
      const one = await t.request('GET', `/accounts/${tenant.accountId}.json?format=json`, {
        token: tenant.managerToken,
      });
      expect(one.body.id).toBe(tenant.accountId);
    });

    it('accepts ?format=json and refuses any other format with a 406 envelope', async () => {
      const json = await t.request('GET', '/accounts?format=json', { token: tenant.managerToken });
      expect(json.status).toBe(200);
      const xml = await t.request('GET', '/accounts?format=xml', { token: tenant.managerToken });
      expect(xml.status).toBe(406);
      expectEnvelope(xml, 'NotAcceptable');
    });

    it('wraps a GET in a JSONP callback, errors included, and refuses a bad callback name', async () => {
      const res = await t.request('GET', '/accounts?callback=handleAccounts', { token: tenant.managerToken });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
      const match = /^handleAccounts\((.*)\)$/s.exec(res.text);
      expect(JSON.parse(match![1]).items[0].id).toBe(tenant.accountId);

      const unauthorized = await t.request('GET', '/api/ListAccounts?callback=cb.onError');
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.text).toMatch(/^cb\.onError\(\{"responseStatus":\{"errorCode":"Unauthorized"/);

      for (const callback of ['alert(1)', 'x;y', '1abc', 'a'.repeat(200)]) {
        const bad = await t.request('GET', `/accounts?callback=${encodeURIComponent(callback)}`, {
          token: tenant.managerToken,
        });
        expect(bad.status).toBe(400);
        expectEnvelope(bad, 'InvalidCallback');
        expect(bad.body.responseStatus.errors[0].fieldName).toBe('callback');
      }
    });
  });

  describe('request bodies', () => {
    const buy = (rawBody: string, contentType?: string, path = '/endpoints/phone-numbers') =>
      t.request('POST', path, {
        rawBody,
        headers: { ...auth(), ...(contentType ? { 'content-type': contentType } : {}) },
      });

    it('reads a JSON body sent as text/plain, or with no Content-Type', async () => {
      const number = nextNumber();
      const plain = await buy(JSON.stringify({ number }), 'text/plain;charset=UTF-8');
      expect(plain.status).toBe(200);
      expect(plain.body.phoneNumber).toBe(number);

      const another = nextNumber();
      const res = await fetch(`${t.baseUrl}/api/BuyPhoneNumber`, {
        method: 'POST',
        headers: auth(),
        body: new Blob([JSON.stringify({ number: another })]),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { phoneNumber: string }).phoneNumber).toBe(another);
    });

    it('reads a URL-encoded form, converting fields by their DTO type', async () => {
      const number = nextNumber();
      const form = new URLSearchParams({
        number,
        isVirtualPhoneNumber: 'true',
        tagIds: tenant.tagIds.join(','),
        data: JSON.stringify({ Source: { stringValue: 'form' } }),
      });
      const res = await buy(form.toString(), 'application/x-www-form-urlencoded');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ phoneNumber: number, isVirtualPhoneNumber: true });
      expect(res.body.tags.map((tag: { id: string }) => tag.id).sort()).toEqual([...tenant.tagIds].sort());
      expect(res.body.data).toEqual({ Source: { stringValue: 'form' } });

      const invalid = await buy('number=12345', 'application/x-www-form-urlencoded');
      expect(invalid.status).toBe(400);
      expect(invalid.body.responseStatus.errors[0].fieldName).toBe('number');
    });

    it('binds PascalCase properties, keeping the keys of a Struct exactly as sent', async () => {
      const number = nextNumber();
      const res = await buy(
        JSON.stringify({
          Number: number,
          AccountId: tenant.accountId,
          TagIds: [tenant.tagIds[1]],
          IsVirtualPhoneNumber: true,
          Data: {
            MyKey: { StringValue: 'kept' },
            lower_case: { NumberValue: 2 },
            Nested: { StructValue: { InnerKey: { BoolValue: true } } },
          },
          FlowParams: { Greeting: { stringValue: 'Hi' } },
        }),
        'application/json',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ phoneNumber: number, isVirtualPhoneNumber: true });
      expect(res.body.tags.map((tag: { id: string }) => tag.id)).toEqual([tenant.tagIds[1]]);
      expect(res.body.data).toEqual({
        MyKey: { stringValue: 'kept' },
        lower_case: { numberValue: 2 },
        Nested: { structValue: { InnerKey: { boolValue: true } } },
      });
      expect(res.body.flowParams).toEqual({ Greeting: { stringValue: 'Hi' } });
    });

    it('accepts comma-joined and repeated array query parameters', async () => {
      const admin = await t.adminToken();
      const other = await createTenant(t);
      for (const query of [
        `accountIds=${tenant.accountId},${other.accountId}`,
        `accountIds=${tenant.accountId}&accountIds=${other.accountId}`,
        `AccountIds=${tenant.accountId},${other.accountId}`,
      ]) {
        const res = await t.request('GET', `/tags?${query}`, { token: admin });
        expect(res.status).toBe(200);
        expect(res.body.items.map((tag: { id: string }) => tag.id).sort()).toEqual(
          [...tenant.tagIds, ...other.tagIds].sort(),
        );
      }
    });

    it('fills a GET operation from a POSTed body on the predefined route, and path parameters from the body', async () => {
      const tags = await t.request('POST', '/api/ListTags', {
        token: await t.adminToken(),
        body: { AccountIds: [tenant.accountId] },
      });
      expect(tags.body.items.map((tag: { id: string }) => tag.id).sort()).toEqual([...tenant.tagIds].sort());
      const account = await t.request('PUT', '/api/getaccount', {
        token: tenant.managerToken,
        body: { AccountID: tenant.accountId },
      });
      expect(account.status).toBe(200);
      expect(account.body.id).toBe(tenant.accountId);
    });
  });

  describe('errors: always the responseStatus envelope', () => {
    it('answers an unknown route or operation with a 404 envelope', async () => {
      expectEnvelope(await t.request('GET', '/no/such/route'), 'NotFound');
      const unknown = await t.request('POST', '/api/NoSuchOperation', { body: {} });
      expect(unknown.status).toBe(404);
      expectEnvelope(unknown, 'NotFound');
      const wrongMethod = await t.request('DELETE', '/accounts', { token: tenant.managerToken });
      expect(wrongMethod.status).toBe(404);
      expectEnvelope(wrongMethod, 'NotFound');
    });

    it('answers a body over the limit with a 413 envelope', async () => {
      const res = await t.request('POST', '/api/BuyPhoneNumber', {
        rawBody: JSON.stringify({ number: nextNumber(), pad: 'x'.repeat(1024 * 1024) }),
        headers: { ...auth(), 'content-type': 'application/json' },
      });
      expect(res.status).toBe(413);
      expectEnvelope(res, 'RequestEntityTooLarge');
    });

    it('answers malformed JSON, whatever the Content-Type, with a 400 envelope', async () => {
      for (const contentType of ['application/json', 'text/plain']) {
        const res = await t.request('POST', '/api/BuyPhoneNumber', {
          rawBody: '{"number": ',
          headers: { ...auth(), 'content-type': contentType },
        });
        expect(res.status).toBe(400);
        expectEnvelope(res, 'BadRequest');
      }
    });

    it('answers a multipart body with a 415 envelope, and a malformed URL with a 400 envelope', async () => {
      const form = new FormData();
      form.append('number', nextNumber());
      const multipart = await fetch(`${t.baseUrl}/api/BuyPhoneNumber`, {
        method: 'POST',
        headers: auth(),
        body: form,
      });
      expect(multipart.status).toBe(415);
      expect(((await multipart.json()) as any).responseStatus.errorCode).toBe('UnsupportedMediaType');

      const badUrl = await t.request('GET', '/accounts/%E0%A4%A');
      expect(badUrl.status).toBe(400);
      expectEnvelope(badUrl, 'BadRequest');
    });

    it('answers a request the HTTP parser cannot read with the envelope', async () => {
      const { port } = new URL(t.baseUrl);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write('GET /accounts HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
        );
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body.responseStatus).toMatchObject({ errorCode: 'BadRequest', errors: [] });
    });

    it('answers missing credentials with 401 and a missing role with 403', async () => {
      const missing = await t.request('POST', '/api/NewAccount', { body: { name: 'x' } });
      expect(missing.status).toBe(401);
      expectEnvelope(missing, 'Unauthorized');
      const denied = await t.request('POST', '/api/NewAccount', {
        token: tenant.managerToken,
        body: { name: 'x' },
      });
      expect(denied.status).toBe(403);
      expectEnvelope(denied, 'Forbidden');
    });
  });

  describe('auth', () => {
    /** Counts the scrypt runs of Basic authentication. */
    const spyOnScrypt = () => {
      const service = t.app.get(BasicCredentialsService);
      return jest.spyOn(service as unknown as { checkPassword: () => Promise<boolean> }, 'checkPassword');
    };
    /** The Manager's user name with `password`, as an Authorization: Basic header. */
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`${tenant.managerEmail}:${password}`).toString('base64')}`,
    });

    it('signs in at POST /auth and /api/Authenticate, setting HttpOnly SameSite=Lax cookies', async () => {
      const res = await t.request('POST', '/auth', {
        body: {
          provider: 'credentials',
          UserName: tenant.managerEmail,
          Password: tenant.password,
          RememberMe: true,
        },
      });
      expect(res.status).toBe(200);
      const cookies = res.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      for (const cookie of cookies) {
        expect(cookie).toMatch(/^ss-(id|pid)=/);
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Lax/);
        expect(cookie).not.toMatch(/; Secure/);
        expect(cookie).not.toMatch(/Expires=/);
      }
      expect(cookies.find((c) => c.startsWith('ss-pid='))).toMatch(/Max-Age=\d+/);

      const secure = await t.request('POST', '/api/Authenticate', {
        body: { userName: tenant.managerEmail, password: tenant.password },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(secure.headers.getSetCookie()).toEqual([expect.stringMatching(/^ss-id=.*; Secure/)]);
    });

    it('refuses a forged or tampered session cookie', async () => {
      const res = await t.request('POST', '/auth/credentials', {
        body: { userName: tenant.managerEmail, password: tenant.password },
      });
      const cookie = res.headers.getSetCookie()[0].split(';')[0];
      const sessionId = res.body.sessionId as string;
      const status = (c: string) => t.request('GET', '/auth/status', { headers: { cookie: c } });
      expect((await status(cookie)).status).toBe(200);
      expect((await status(`ss-id=${sessionId}`)).status).toBe(401);
      expect((await status(`${cookie.slice(0, -2)}xx`)).status).toBe(401);
    });

    it('does not let a session cookie alone run a non-GET operation through GET (cross-site links)', async () => {
      const res = await t.request('POST', '/auth/credentials', {
        body: { userName: tenant.managerEmail, password: tenant.password },
      });
      const cookie = res.headers.getSetCookie()[0].split(';')[0];
      const number = nextNumber();
      const viaGet = await t.request('GET', `/api/BuyPhoneNumber?number=${encodeURIComponent(number)}`, {
        headers: { cookie },
      });
      expect(viaGet.status).toBe(401);
      const viaPost = await t.request('POST', '/api/BuyPhoneNumber', {
        headers: { cookie },
        body: { number },
      });
      expect(viaPost.status).toBe(200);
      // With a header credential, GET on the predefined route works, with fields from the query.
      const another = nextNumber();
      const withToken = await t.request(
        'GET',
        `/api/BuyPhoneNumber?number=${encodeURIComponent(another)}&isVirtualPhoneNumber=true`,
        { token: tenant.managerToken },
      );
      expect(withToken.status).toBe(200);
      expect(withToken.body).toMatchObject({ phoneNumber: another, isVirtualPhoneNumber: true });
    });

    it('ends the session server-side at GET /auth/logout and clears the cookies', async () => {
      const res = await t.request('POST', '/auth/credentials', {
        body: { userName: tenant.managerEmail, password: tenant.password },
      });
      const cookie = res.headers.getSetCookie()[0].split(';')[0];
      const logout = await t.request('GET', '/auth/logout', { headers: { cookie } });
      expect(logout.status).toBe(200);
      expect(logout.headers.getSetCookie()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^ss-id=; Max-Age=0/),
          expect.stringMatching(/^ss-pid=; Max-Age=0/),
        ]),
      );
      expect((await t.request('GET', '/auth/status', { headers: { cookie } })).status).toBe(401);
      expect((await t.request('GET', '/auth/status', { token: res.body.bearerToken })).status).toBe(401);
    });

    it('exchanges a refresh token at /api/GetAccessToken as at /access-token', async () => {
      const session = await ok(
        t.request('POST', '/auth/credentials', {
          body: { userName: tenant.managerEmail, password: tenant.password },
        }),
      );
      for (const path of ['/api/GetAccessToken', '/access-token', '/json/reply/GetAccessToken']) {
        const res = await t.request('POST', path, { body: { refreshToken: session.refreshToken } });
        expect(res.status).toBe(200);
        expect(Object.keys(res.body)).toEqual(['accessToken']);
      }
      const bad = await t.request('POST', '/api/GetAccessToken', { body: { refreshToken: 'evr_nope' } });
      expect(bad.status).toBe(401);
    });

    it('verifies Basic credentials with scrypt once, then from the cache, until the password changes', async () => {
      const scrypt = spyOnScrypt();
      try {
        for (let i = 0; i < 3; i++) {
          const res = await t.request('GET', '/auth/status', { headers: basic(tenant.password) });
          expect(res.status).toBe(200);
          expect(res.body.emailAddress).toBe(tenant.managerEmail);
        }
        expect(scrypt).toHaveBeenCalledTimes(1);

        // A new password takes effect at once: the remembered credential no longer matches.
        const users = t.app.get(DataSource).getRepository(UserEntity);
        await users.update(
          { emailAddress: tenant.managerEmail },
          { passwordHash: await hashPassword('a-new-password') },
        );
        expect((await t.request('GET', '/auth/status', { headers: basic(tenant.password) })).status).toBe(
          401,
        );
        expect((await t.request('GET', '/auth/status', { headers: basic('a-new-password') })).status).toBe(
          200,
        );
        expect(scrypt).toHaveBeenCalledTimes(3);
        await users.update(
          { emailAddress: tenant.managerEmail },
          { passwordHash: await hashPassword(tenant.password) },
        );
      } finally {
        scrypt.mockRestore();
      }
    });

    it('runs scrypt once for a burst of requests whose Basic credentials are not yet verified', async () => {
      const users = t.app.get(DataSource).getRepository(UserEntity);
      await users.update(
        { emailAddress: tenant.managerEmail },
        { passwordHash: await hashPassword('burst-pass') },
      );
      const scrypt = spyOnScrypt();
      const burst = (password: string) =>
        Promise.all(
          Array.from({ length: 8 }, () => t.request('GET', '/auth/status', { headers: basic(password) })),
        );
      try {
        expect((await burst('burst-pass')).map((res) => res.status)).toEqual(Array(8).fill(200));
        expect(scrypt).toHaveBeenCalledTimes(1);
        // A wrong password is checked once for the burst too, and refused for every request of it.
        expect((await burst('not-the-password')).map((res) => res.status)).toEqual(Array(8).fill(401));
        expect(scrypt).toHaveBeenCalledTimes(2);
      } finally {
        scrypt.mockRestore();
        await users.update(
          { emailAddress: tenant.managerEmail },
          { passwordHash: await hashPassword(tenant.password) },
        );
      }
    });
  });

  describe('CORS', () => {
    const preflight = (path: string, origin: string) =>
      fetch(`${t.baseUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization,idempotency-key',
        },
      });

    it('answers the preflight of an allowed origin, on custom and predefined routes, before any guard', async () => {
      for (const path of ['/api/BuyPhoneNumber', '/endpoints/phone-numbers']) {
        const res = await preflight(path, ALLOWED_ORIGIN);
        expect({ path, status: res.status }).toEqual({ path, status: 204 });
        expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
        expect(res.headers.get('access-control-allow-credentials')).toBe('true');
        expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(
          /content-type.*authorization.*idempotency-key/,
        );
        expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
        expect(res.headers.get('access-control-max-age')).toBe('600');
        expect(res.headers.get('vary')).toBe('Origin');
        expect(await res.text()).toBe('');
      }
    });

    it('echoes an allowed origin with credentials and lets its scripts read ids and rate limits', async () => {
      const res = await t.request('GET', '/accounts', {
        token: tenant.managerToken,
        headers: { origin: 'http://localhost:5173' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase().split(', ')).toEqual(
        expect.arrayContaining([
          'x-request-id',
          'idempotent-replayed',
          // A replayed NewApiKey says which secret it withheld: the script must be able to tell.
          'idempotent-secret-withheld',
          'x-ratelimit-remaining',
          'retry-after',
        ]),
      );
      expect(res.headers.get('vary')).toBe('Origin');

      // An error answer carries them too, so the browser lets the script read the envelope.
      const refused = await t.request('GET', '/accounts', { headers: { origin: ALLOWED_ORIGIN } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    });

    it('gives another origin no CORS headers, and does not answer its preflight', async () => {
      const res = await t.request('GET', '/accounts', {
        token: tenant.managerToken,
        headers: { origin: 'https://evil.example.net' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      // Answers vary by origin even without one: a cache must not hand this one to an allowed origin.
      expect(res.headers.get('vary')).toBe('Origin');

      const refused = await preflight('/endpoints/phone-numbers', 'https://evil.example.net');
      expect(refused.status).toBe(404);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
