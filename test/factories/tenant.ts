import { randomBytes } from 'node:crypto';
import type { TestApp } from '../helpers/test-app';

export interface Tenant {
  accountId: string;
  accountName: string;
  customerId: string;
  childCustomerId: string;
  tagIds: string[];
  flowId: string;
  managerToken: string;
  customerToken: string;
  managerEmail: string;
  /** The password of the tenant's Manager and Customer users. */
  password: string;
}

const unique = (): string => randomBytes(4).toString('hex');

/** Asserts a 200 and returns the body, with the failing response in the error otherwise. */
export async function ok<T = any>(promise: Promise<{ status: number; body: T; text: string }>): Promise<T> {
  const response = await promise;
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${response.text}`);
  return response.body;
}

/**
 * A complete tenant built through the API: an account, a customer with a child customer, two tags,
 * a flow, a Manager of the account and a Customer-role user of the (parent) customer.
 */
export async function createTenant(t: TestApp, options: { maxPhoneNumbers?: number } = {}): Promise<Tenant> {
  const admin = await t.adminToken();
  const id = unique();
  const account = await ok(
    t.request('POST', '/accounts', {
      token: admin,
      body: { name: `Account ${id}`, maxPhoneNumbers: options.maxPhoneNumbers },
    }),
  );
  const customer = await ok(
    t.request('POST', '/customers', {
      token: admin,
      body: { accountId: account.id, name: `Customer ${id}` },
    }),
  );
  const child = await ok(
    t.request('POST', '/customers', {
      token: admin,
      body: { accountId: account.id, name: `Child ${id}`, parentCustomerId: customer.id },
    }),
  );
  const tagA = await ok(
    t.request('POST', '/tags', {
      token: admin,
      body: { accountId: account.id, name: 'Sales', color: 'Blue' },
    }),
  );
  const tagB = await ok(
    t.request('POST', '/tags', { token: admin, body: { accountId: account.id, name: 'VIP', color: 'Gold' } }),
  );
  const flow = await ok(
    t.request('POST', '/flows', { token: admin, body: { accountId: account.id, name: `Flow ${id}` } }),
  );
  const password = `password-${id}`;
  const managerEmail = `manager-${id}@test.local`;
  await ok(
    t.request('POST', '/users', {
      token: admin,
      body: { accountId: account.id, emailAddress: managerEmail, password, roles: ['Manager'] },
    }),
  );
  const customerEmail = `customer-${id}@test.local`;
  await ok(
    t.request('POST', '/users', {
      token: admin,
      body: {
        accountId: account.id,
        emailAddress: customerEmail,
        password,
        roles: ['Customer'],
        customerId: customer.id,
      },
    }),
  );
  return {
    accountId: account.id,
    accountName: account.name,
    customerId: customer.id,
    childCustomerId: child.id,
    tagIds: [tagA.id, tagB.id],
    flowId: flow.id,
    managerToken: await t.login(managerEmail, password),
    customerToken: await t.login(customerEmail, password),
    managerEmail,
    password,
  };
}

let counter = 0;
/** A valid, unused North-American number for each call (sandbox buys any valid number). */
export function nextNumber(): string {
  counter += 1;
  const seq = (process.pid * 1000 + counter) % 10_000_000;
  return `+1415${String(2000000 + (seq % 8000000)).padStart(7, '0')}`;
}
