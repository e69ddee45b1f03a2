import { DataSource } from 'typeorm';
import { SandboxNumberEntity } from '../../src/telephony/sandbox/sandbox-number.entity';
import { createTenant, ok, Tenant } from '../factories/tenant';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { startApp, TestApp } from '../helpers/test-app';

/** The default sandbox provider (no provider replaced here) keeps what it sold in the database. */
describe('the sandbox provider across a restart', () => {
  let database: TestDatabase;
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await first?.app.close();
    await second?.app.close();
    await database?.drop();
  });

  const offered = async (t: TestApp, tenant: Tenant): Promise<string[]> =>
    (
      await ok(
        t.request('GET', '/endpoints/phone-numbers/search?areaCode=628', { token: tenant.managerToken }),
      )
    ).map((n: { phoneNumber: string }) => n.phoneNumber);
  const sync = async (t: TestApp, accountId: string) =>
    ok(t.request('POST', '/phone-numbers/sync', { token: await t.adminToken(), body: { accountId } }));
  const noDrift = {
    adopted: 0,
    released: 0,
    unsettled: 0,
    orphansReleased: 0,
    orphansPending: 0,
    boughtOutsideService: 0,
    missingAtProvider: 0,
    webhookMismatches: 0,
  };

  it('remembers its numbers, reports no drift after a restart, and never offers an endpoint’s number', async () => {
    first = await startApp({ database });
    const tenant = await createTenant(first);
    const [bought, virtual] = await offered(first, tenant);
    const endpoint = await ok(
      first.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number: bought },
      }),
    );
    await ok(
      first.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number: virtual, isVirtualPhoneNumber: true },
      }),
    );
    // Neither the number it sold nor a (virtual) number that is already an endpoint is offered.
    expect(await offered(first, tenant)).not.toContain(bought);
    expect(await offered(first, tenant)).not.toContain(virtual);
    expect((await sync(first, tenant.accountId)).counts).toEqual(noDrift);
    await first.app.close();
    first = undefined;

    second = await startApp({ database });
    expect((await sync(second, tenant.accountId)).counts).toEqual(noDrift);
    const afterRestart = await offered(second, tenant);
    expect(afterRestart).not.toContain(bought);
    expect(afterRestart).not.toContain(virtual);

    // Deleting the endpoint releases the number: it is offered again, and still nothing drifts.
    const deleted = await second.request('DELETE', `/endpoints/${endpoint.id}`, {
      token: tenant.managerToken,
    });
    expect(deleted.status).toBe(204);
    expect(await offered(second, tenant)).toContain(bought);
    expect((await sync(second, tenant.accountId)).counts).toEqual(noDrift);
  }, 90_000);

  it('keeps an endpoint whose number its provider account no longer holds: a 409, never counted as released', async () => {
    const t = (second ??= await startApp({ database }));
    const tenant = await createTenant(t);
    const [number] = await offered(t, tenant);
    const endpoint = await ok(
      t.request('POST', '/endpoints/phone-numbers', { token: tenant.managerToken, body: { number } }),
    );
    // The number leaves the provider account behind the service's back (released in the console).
    await t.app.get(DataSource).getRepository(SandboxNumberEntity).delete({ phoneNumber: number });

    const deleted = await t.request('DELETE', `/endpoints/${endpoint.id}`, { token: tenant.managerToken });
    expect(deleted.status).toBe(409);
    expect(deleted.body.responseStatus.errorCode).toBe('NumberNotAtProvider');
    expect(deleted.body.responseStatus.message).toContain('doNotTouchPhoneNumber');
    expect((await t.request('GET', `/endpoints/${endpoint.id}`, { token: tenant.managerToken })).status).toBe(
      200,
    );
    // It is reported as drift instead.
    expect((await sync(t, tenant.accountId)).missingAtProvider).toEqual([
      expect.objectContaining({ phoneNumber: number, endpointId: endpoint.id }),
    ]);
  }, 60_000);
});
