import { DataSource } from 'typeorm';
import { UserEntity } from '../../src/users/entities/user.entity';
import { ApiKeyEntity } from '../../src/auth/entities/api-key.entity';
import { createTenant, ok, Tenant } from '../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

describe('authentication', () => {
  let t: TestApp;
  let tenant: Tenant;

  // Building tenants hashes passwords (scrypt): slow on a loaded machine, hence the long setup timeout.
  beforeAll(async () => {
    t = await startApp();
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

  it('roles come from the database, not the token: a deleted user’s token stops working', async () => {
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
    expect((await t.request('GET', '/auth/status', { token })).status).toBe(401);
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
