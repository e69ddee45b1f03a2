import { DataSource } from 'typeorm';
import { MAX_CUSTOMER_DEPTH } from '../../src/customers/customer-tree';
import { CustomerEntity } from '../../src/customers/entities/customer.entity';
import { createTenant, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

interface StoredCustomer {
  id: string;
  parentCustomerId: string | null;
  path: string;
}

/** Concurrent subtree moves and the customer depth limit. */
describe('customer tree: concurrent moves, depth limit', () => {
  let t: TestApp;
  let tenant: Tenant;

  const newCustomer = (name: string, parentCustomerId?: string) =>
    ok(
      t.request('POST', '/customers', {
        token: tenant.managerToken,
        body: { accountId: tenant.accountId, name, parentCustomerId },
      }),
    );
  const move = (id: string, parentCustomerId: string | null) =>
    t.request('PATCH', `/customers/${id}`, { token: tenant.managerToken, body: { parentCustomerId } });
  const fieldOf = (res: { body: any }) => res.body.responseStatus?.errors?.[0]?.fieldName;

  /** Every customer of the account as stored, read straight from the database. */
  const stored = (): Promise<StoredCustomer[]> =>
    t.app
      .get(DataSource)
      .getRepository(CustomerEntity)
      .find({
        select: { id: true, parentCustomerId: true, path: true },
        where: { accountId: tenant.accountId },
      });

  /** The path each customer's parent chain gives it, or 'cycle' when the chain loops. */
  const pathFromParents = (rows: StoredCustomer[], id: string): string => {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const chain: string[] = [];
    for (let at: string | null = id; at !== null; at = byId.get(at)?.parentCustomerId ?? null) {
      if (chain.includes(at)) return 'cycle';
      chain.unshift(at);
    }
    return chain.map((c) => `${c}/`).join('');
  };

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
  }, 180_000);
  afterAll(() => t?.close());

  it('racing A-under-B against B-under-A never leaves a cycle or a stale path, and never answers 5xx', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const a = await newCustomer(`A${round}`);
      const b = await newCustomer(`B${round}`);
      const child = await newCustomer(`A${round} child`, a.id);
      const answers = await Promise.all([move(a.id, b.id), move(b.id, a.id)]);
      statuses.push(...answers.map((r) => r.status));
      expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
      // A customer created under a moving subtree gets the moved path too.
      await Promise.all([newCustomer(`A${round} late child`, child.id), move(a.id, null)]);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 200 || (s >= 400 && s < 500))).toBe(true);
    const rows = await stored();
    const wrong = rows
      .map((r) => ({ id: r.id, stored: r.path, fromParents: pathFromParents(rows, r.id) }))
      .filter((r) => r.stored !== r.fromParents);
    expect(wrong).toEqual([]);
  }, 120_000);

  it(`allows ${MAX_CUSTOMER_DEPTH} levels of customers; a deeper create or move is a 400 naming parentCustomerId`, async () => {
    const chain = [await newCustomer('Level 1')];
    for (let depth = 2; depth <= MAX_CUSTOMER_DEPTH; depth++)
      chain.push(await newCustomer(`Level ${depth}`, chain[chain.length - 1].id));
    const deepest = chain[chain.length - 1];
    expect(deepest.breadcrumb).toHaveLength(MAX_CUSTOMER_DEPTH);
    expect(
      (await ok(t.request('GET', `/customers/${deepest.id}`, { token: tenant.managerToken }))).breadcrumb,
    ).toHaveLength(MAX_CUSTOMER_DEPTH);

    const tooDeep = await t.request('POST', '/customers', {
      token: tenant.managerToken,
      body: { accountId: tenant.accountId, name: 'Too deep', parentCustomerId: deepest.id },
    });
    expect(tooDeep.status).toBe(400);
    expect(fieldOf(tooDeep)).toBe('parentCustomerId');

    // A move counts the moved subtree's own depth: a two-level subtree fits under level MAX - 2, not MAX - 1.
    const top = await newCustomer('Subtree top');
    await newCustomer('Subtree leaf', top.id);
    const refused = await move(top.id, chain[MAX_CUSTOMER_DEPTH - 2].id);
    expect(refused.status).toBe(400);
    expect(fieldOf(refused)).toBe('parentCustomerId');
    expect(
      (await ok(t.request('GET', `/customers/${top.id}`, { token: tenant.managerToken }))).breadcrumb,
    ).toHaveLength(1);
    const moved = await move(top.id, chain[MAX_CUSTOMER_DEPTH - 3].id);
    expect(moved.status).toBe(200);
    expect(moved.body.breadcrumb).toHaveLength(MAX_CUSTOMER_DEPTH - 1);

    // Endpoints and customers listed by the deepest subtree answer (no 500 on either database).
    const page = await ok(
      t.request('GET', `/customers?parentCustomerIds=${chain[0].id}&all=true`, {
        token: tenant.managerToken,
      }),
    );
    expect(page.totalCount).toBe(MAX_CUSTOMER_DEPTH - 1 + 2);
  }, 120_000);
});
