import { DataSource } from 'typeorm';
import { SandboxTelephonyProvider } from '../../src/telephony/sandbox/sandbox.provider';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

const PROVIDER_LATENCY_MS = 20;
const latency = () => new Promise((resolve) => setTimeout(resolve, PROVIDER_LATENCY_MS));

/**
 * The real sandbox adapter, answering changes after a provider's round trip (as Twilio does, only
 * shorter), and counting the releases it is asked for.
 */
class ReleaseCountingProvider extends SandboxTelephonyProvider {
  readonly releases: string[] = [];

  override async releaseNumber(sid: string): Promise<void> {
    this.releases.push(sid);
    await latency();
    return super.releaseNumber(sid);
  }

  override async updateNumber(...args: Parameters<SandboxTelephonyProvider['updateNumber']>) {
    await latency();
    return super.updateNumber(...args);
  }
}

/** What the database holds that points at nothing, per kind of reference (all zero when sound). */
const DANGLING: Record<string, string> = {
  'endpoints whose account is gone':
    'SELECT COUNT(*) AS n FROM "endpoints" e WHERE NOT EXISTS (SELECT 1 FROM "accounts" a WHERE a."id" = e."accountId")',
  'endpoints whose customer is gone':
    'SELECT COUNT(*) AS n FROM "endpoints" e WHERE e."customerId" IS NOT NULL ' +
    'AND NOT EXISTS (SELECT 1 FROM "customers" c WHERE c."id" = e."customerId")',
  'endpoints whose flow is gone':
    'SELECT COUNT(*) AS n FROM "endpoints" e WHERE e."flowId" IS NOT NULL ' +
    'AND NOT EXISTS (SELECT 1 FROM "flows" f WHERE f."id" = e."flowId")',
  'endpoint tags whose tag is gone':
    'SELECT COUNT(*) AS n FROM "endpoint_tags" l WHERE NOT EXISTS (SELECT 1 FROM "tags" t WHERE t."id" = l."tagId")',
  'endpoint tags whose endpoint is gone':
    'SELECT COUNT(*) AS n FROM "endpoint_tags" l ' +
    'WHERE NOT EXISTS (SELECT 1 FROM "endpoints" e WHERE e."id" = l."endpointId")',
  'customers whose parent is gone':
    'SELECT COUNT(*) AS n FROM "customers" c WHERE c."parentCustomerId" IS NOT NULL ' +
    'AND NOT EXISTS (SELECT 1 FROM "customers" p WHERE p."id" = c."parentCustomerId")',
  'flows whose customer is gone':
    'SELECT COUNT(*) AS n FROM "flows" f WHERE f."customerId" IS NOT NULL ' +
    'AND NOT EXISTS (SELECT 1 FROM "customers" c WHERE c."id" = f."customerId")',
};

describe('deletes racing other requests', () => {
  let t: TestApp;
  let tenant: Tenant;
  let admin: string;
  let db: DataSource;
  const provider = new ReleaseCountingProvider();

  beforeAll(async () => {
    t = await startApp({ provider });
    tenant = await createTenant(t);
    admin = await t.adminToken();
    db = t.app.get(DataSource);
  }, 60000);
  afterAll(() => t?.close());

  const buy = (body: Record<string, unknown> = {}) =>
    t.request('POST', '/endpoints/phone-numbers', {
      token: admin,
      body: { accountId: tenant.accountId, number: nextNumber(), ...body },
    });

  const count = async (sql: string): Promise<number> => Number((await db.query(sql))[0].n);

  /** Every status a racing request may answer: success or "gone", never a 5xx. */
  const expectOnly = (statuses: number[], allowed: number[]) =>
    expect([...new Set(statuses)].filter((s) => !allowed.includes(s))).toEqual([]);

  it('five DELETEs of one endpoint: one succeeds, four are 404, one event, one release at the provider', async () => {
    for (let round = 0; round < 8; round++) {
      const endpoint = await ok(buy({ tagIds: tenant.tagIds }));
      const releasesBefore = provider.releases.length;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.request('DELETE', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([204, 404, 404, 404, 404]);
      expect(answers.filter((a) => a.status === 404).map((a) => a.body.responseStatus.errorCode)).toEqual(
        Array(4).fill('NotFound'),
      );
      const events = await count(
        `SELECT COUNT(*) AS n FROM "outbox_events" WHERE "type" = 'endpoint.deleted' ` +
          `AND "payload" LIKE '%${endpoint.id}%'`,
      );
      expect(events).toBe(1);
      expect(provider.releases.slice(releasesBefore)).toEqual([endpoint.phoneNumberSid]);
    }
  });

  it('a PATCH or a fax switch racing a DELETE answers 200 or 404, never a 5xx', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 12; round++) {
      const endpoint = await ok(buy({ tagIds: [tenant.tagIds[0]] }));
      const answers = await Promise.all([
        t.request('PATCH', `/endpoints/${endpoint.id}`, {
          token: tenant.managerToken,
          body: { displayName: `Desk ${round}`, tagIds: tenant.tagIds },
        }),
        t.request('PATCH', `/phone-numbers/${endpoint.id}/fax`, {
          token: tenant.managerToken,
          body: { isFax: round % 2 === 0 },
        }),
        t.request('DELETE', `/endpoints/${endpoint.id}`, { token: tenant.managerToken }),
        t.request('PATCH', `/endpoints/${endpoint.id}`, {
          token: tenant.managerToken,
          body: { flowId: tenant.flowId, customerId: tenant.customerId },
        }),
        t.request('PATCH', `/phone-numbers/${endpoint.id}/fax`, {
          token: tenant.managerToken,
          body: { isFax: round % 2 === 1 },
        }),
      ]);
      expect(answers[2].status).toBe(204);
      statuses.push(...answers.map((a) => a.status));
      expect((await t.request('GET', `/endpoints/${endpoint.id}`, { token: admin })).status).toBe(404);
    }
    expectOnly(statuses, [200, 204, 404]);
  });

  it('endpoints bought into, and moved to, a customer, a flow and a tag being deleted leave no dangling reference', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const customer = await ok(
        t.request('POST', '/customers', {
          token: admin,
          body: { accountId: tenant.accountId, name: `Doomed ${round}` },
        }),
      );
      const flow = await ok(
        t.request('POST', '/flows', {
          token: admin,
          body: { accountId: tenant.accountId, name: `Doomed ${round}` },
        }),
      );
      const tag = await ok(
        t.request('POST', '/tags', {
          token: admin,
          body: { accountId: tenant.accountId, name: `Doomed ${round}`, color: 'Red' },
        }),
      );
      const moved = await ok(buy({ isVirtualPhoneNumber: true }));
      const tagged = await ok(buy({ isVirtualPhoneNumber: true, tagIds: [tag.id] }));
      const answers = await Promise.all([
        buy({ isVirtualPhoneNumber: true, customerId: customer.id, flowId: flow.id, tagIds: [tag.id] }),
        t.request('PATCH', `/endpoints/${moved.id}`, {
          token: admin,
          body: { customerId: customer.id, flowId: flow.id, tagIds: [tag.id] },
        }),
        t.request('POST', '/customers', {
          token: admin,
          body: { accountId: tenant.accountId, name: `Child ${round}`, parentCustomerId: customer.id },
        }),
        t.request('POST', '/flows', {
          token: admin,
          body: { accountId: tenant.accountId, name: `Flow of ${round}`, customerId: customer.id },
        }),
        t.request('PATCH', `/endpoints/${tagged.id}`, {
          token: admin,
          body: { tagIds: [tag.id, tenant.tagIds[0]] },
        }),
        t.request('DELETE', `/customers/${customer.id}`, { token: admin }),
        t.request('DELETE', `/flows/${flow.id}`, { token: admin }),
        t.request('DELETE', `/tags/${tag.id}`, { token: admin }),
        buy({ isVirtualPhoneNumber: true, customerId: customer.id, flowId: flow.id, tagIds: [tag.id] }),
      ]);
      statuses.push(...answers.map((a) => a.status));
    }
    for (const [kind, sql] of Object.entries(DANGLING)) expect([kind, await count(sql)]).toEqual([kind, 0]);
    // Each request either happened before the delete it raced, or was refused: a 4xx, never a 5xx.
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
