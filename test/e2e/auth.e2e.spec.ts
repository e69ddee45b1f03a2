import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UserEntity } from '../../src/users/entities/user.entity';
import { ApiKeyEntity } from '../../src/auth/entities/api-key.entity';
import { createTenant, ok, Tenant } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

describe('authentication', () => {
  let t: TestApp;
  let tenant: Tenant;

  // Building tenants hashes passwords (scrypt): slow on a loaded machine, hence the long setup timeout.
  // Principals are remembered for a second here (AUTH_CACHE_TTL_SECONDS), so that a change made behind
  // the service's back shows quickly; changes made through the service show at once.
  beforeAll(async () => {
    t = await startApp({ env: { AUTH_CACHE_TTL_SECONDS: '1' } });
    tenant = await createTenant(t);
  }, 180_000);
  afterAll(() => t?.close());

  it('signs in with credentials and answers the ServiceStack AuthenticateResponse', async () => {
    const res = await t.request('POST', '/auth/credentials', {
      body: { userName: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userName: ADMIN_EMAIL,
      roles: ['SystemAdministrator'],
      bearerToken: expect.stringMatching(/^ey/),
      refreshToken: expect.stringMatching(/^evr_/),
      sessionId: expect.any(String),
      userId: expect.any(String),
    });
  });

  it('refuses a wrong password or unknown user with the same 401', async () => {
    const wrong = await t.request('POST', '/auth/credentials', {
      body: { userName: ADMIN_EMAIL, password: 'nope-nope' },
    });
    const unknown = await t.request('POST', '/auth/credentials', {
      body: { userName: 'ghost@test.local', password: 'nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('validates the credentials request, naming the field', async () => {
    const res = await t.request('POST', '/auth/credentials', { body: { password: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.responseStatus.errors[0].fieldName).toBe('userName');
  });

  it('exchanges a refresh token for a new bearer token, until logout ends the session', async () => {
    const session = await ok(
      t.request('POST', '/auth/credentials', { body: { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD } }),
    );
    const refreshed = await ok(
      t.request('POST', '/access-token', { body: { refreshToken: session.refreshToken } }),
    );
    expect((await t.request('GET', '/auth/status', { token: refreshed.accessToken })).status).toBe(200);

    expect((await t.request('POST', '/auth/logout', { token: session.bearerToken })).status).toBe(200);
    expect((await t.request('GET', '/auth/status', { token: session.bearerToken })).status).toBe(401);
    expect((await t.request('GET', '/auth/status', { token: refreshed.accessToken })).status).toBe(401);
    const again = await t.request('POST', '/access-token', { body: { refreshToken: session.refreshToken } });
    expect(again.status).toBe(401);
  });

  it('refuses a bearer token that is tampered with, expired, signed with another key or unsigned', async () => {
    const session = await ok(
      t.request('POST', '/auth/credentials', { body: { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD } }),
    );
    const token: string = session.bearerToken;
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const hs256 = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64url');
    const jwt = t.app.get(JwtService);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const forged = `${header}.${encode({ ...claims, sub: tenant.managerEmail })}`;
    const refused = {
      'a changed signature': `${header}.${payload}.${flipped}`,
      'changed claims': `${forged}.${signature}`,
      'another key': `${forged}.${hs256(forged, 'not-the-service-secret-not-the-service-secret')}`,
      'no signature (alg none)': `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      expired: await jwt.signAsync({ sub: claims.sub, sid: claims.sid }, { expiresIn: -10 }),
      'not a JWT': 'ey.not-a-token',
    };
    // The genuine token works, before and after the refused ones (none of them poisons a cache).
    expect((await t.request('GET', '/auth/status', { token })).status).toBe(200);
    for (const [what, bad] of Object.entries(refused)) {
      const res = await t.request('GET', '/auth/status', { token: bad });
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(res.body.responseStatus.errorCode).toBe('Unauthorized');
    }
    expect((await t.request('GET', '/auth/status', { token })).status).toBe(200);
  });

  it('GET /auth/status describes the caller', async () => {
    const me = await ok(t.request('GET', '/auth/status', { token: tenant.managerToken }));
    expect(me).toMatchObject({
      isAuthenticated: true,
      emailAddress: tenant.managerEmail,
      roles: ['Manager'],
      accountIds: [tenant.accountId],
      accountNames: [tenant.accountName],
    });
  });

  it('stores passwords as scrypt hashes and API keys as SHA-256 digests only', async () => {
    const key = await ok(
      t.request('POST', '/auth/api-keys', { token: tenant.managerToken, body: { name: 'k' } }),
    );
    const db = t.app.get(DataSource);
    const users = await db.getRepository(UserEntity).find();
    for (const user of users) expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(users.some((u) => u.passwordHash.includes(ADMIN_PASSWORD))).toBe(false);
    const stored = await db.getRepository(ApiKeyEntity).findOneByOrFail({ id: key.id });
    expect(stored.keyHash).not.toContain(key.key);
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a revoked API key stops working at once', async () => {
    const key = await ok(
      t.request('POST', '/auth/api-keys', { token: tenant.managerToken, body: { name: 'temp' } }),
    );
    expect((await t.request('GET', '/auth/status', { token: key.key })).status).toBe(200);
    const revoke = await t.request('DELETE', `/auth/api-keys/${key.id}`, { token: tenant.managerToken });
    expect(revoke.status).toBe(204);
    expect((await t.request('GET', '/auth/status', { token: key.key })).status).toBe(401);
  });

  it('reads a bearer credential from the Authorization header (any case of "Bearer"), never from the URL or body', async () => {
    const key = await ok(
      t.request('POST', '/auth/api-keys', { token: tenant.managerToken, body: { name: 'where' } }),
    );
    for (const scheme of ['bearer', 'BEARER'])
      for (const credential of [key.key, tenant.managerToken]) {
        const res = await t.request('GET', '/auth/status', {
          headers: { authorization: `${scheme} ${credential}` },
        });
        expect(res.status).toBe(200);
      }
    // URLs end up in logs and browser histories (RFC 6750 5.3): a key there is not a credential.
    const inQuery = await t.request('GET', `/auth/status?access_token=${key.key}`);
    expect(inQuery.status).toBe(401);
    const inBody = await t.request('POST', '/auth/api-keys', { body: { name: 'x', access_token: key.key } });
    expect(inBody.status).toBe(401);
    const noToken = await t.request('GET', '/auth/status', { headers: { authorization: 'Bearer ' } });
    expect(noToken.status).toBe(401);
  });

  /**
   * The statuses `GET /auth/status` answers until it answers `wanted` (the last one), or for 15 s: what
   * the caller sees on the way.
   */
  async function statusesUntil(token: string, wanted: number): Promise<number[]> {
    const deadline = Date.now() + 15_000;
    const statuses: number[] = [];
    for (;;) {
      const { status } = await t.request('GET', '/auth/status', { token });
      statuses.push(status);
      if (status === wanted || Date.now() > deadline) return statuses;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('roles come from the database, not the token: a user deleted behind the service’s back stops working (at the latest once the remembered principal expires), with a 401, never an error', async () => {
    const password = 'password-for-deleted';
    const email = `gone-${tenant.accountId}@test.local`;
    await ok(
      t.request('POST', '/users', {
        token: tenant.managerToken,
        body: { accountId: tenant.accountId, emailAddress: email, password },
      }),
    );
    const token = await t.login(email, password);
    expect((await t.request('GET', '/auth/status', { token })).status).toBe(200);
    await t.app.get(DataSource).getRepository(UserEntity).delete({ emailAddress: email });
    const statuses = await statusesUntil(token, 401);
    expect(statuses.at(-1)).toBe(401);
    // On the way, while the principal is still remembered, never an error.
    expect(statuses.filter((status) => status !== 200 && status !== 401)).toEqual([]);
  });

  it('moving a customer changes its users’ scope at once (the remembered principal is dropped)', async () => {
    const admin = await t.adminToken();
    const bought = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: admin,
        body: {
          accountId: tenant.accountId,
          customerId: tenant.customerId,
          number: '+14155550142',
          isVirtualPhoneNumber: true,
        },
      }),
    );
    const visible = async () =>
      (await ok(t.request('GET', '/endpoints', { token: tenant.customerToken }))).items.map(
        (e: { id: string }) => e.id,
      );
    expect(await visible()).toContain(bought.id);
    const newRoot = await ok(
      t.request('POST', '/customers', {
        token: admin,
        body: { accountId: tenant.accountId, name: 'New root' },
      }),
    );
    await ok(
      t.request('PATCH', `/customers/${tenant.customerId}`, {
        token: admin,
        body: { parentCustomerId: newRoot.id },
      }),
    );
    expect(await visible()).toContain(bought.id);
  });

  it('refuses a duplicate email address with 409 naming the field', async () => {
    const res = await t.request('POST', '/users', {
      token: await t.adminToken(),
      body: { accountId: tenant.accountId, emailAddress: tenant.managerEmail, password: 'password-123' },
    });
    expect(res.status).toBe(409);
    expect(res.body.responseStatus.errors[0].fieldName).toBe('emailAddress');
  });
});
