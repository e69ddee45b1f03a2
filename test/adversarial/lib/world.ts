import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ok } from '../../factories/tenant';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../../helpers/test-app';

/** The kinds of object an id names, as path parameters, body fields and filters name them. */
export type Kind = 'account' | 'customer' | 'endpoint' | 'flow' | 'tag' | 'webhook' | 'apiKey';

export interface Victim {
  kind: Kind;
  id: string;
  label: string;
  /**
   * The attacker may see this id mentioned (a Customer-role user sees its ancestors in its own
   * breadcrumbs) but may not read, change or reference the object itself.
   */
  mentionOk?: boolean;
}

/** A user acting in the suite, with what it owns and what it must never reach. */
export interface Role {
  name: string;
  token: string;
  email: string;
  password: string;
  accountId: string;
  /** Customer-role users: the path of their customer (`customers.path`); null for Managers. */
  customerId: string | null;
  /** One object of each kind the role may use: the path parameter of its own requests. */
  own: Record<Kind, string>;
  /** Own tags, full, for PATCH /system/settings (whose tag list replaces the catalogue). */
  ownTags: { id: string; name: string; color: string }[];
  victims: Victim[];
  /** Victims' phone numbers (filters take numbers too). */
  victimNumbers: string[];
}

export interface World {
  t: TestApp;
  db: DataSource;
  admin: string;
  managerA: Role;
  customerA: Role;
  managerB: Role;
  /** An API key of the Manager of A (the fuzz checks afterwards that API keys still authenticate). */
  apiKeyA: string;
}

/** The app as every adversarial test file runs it: limits raised, webhook delivery off. */
export function startAdversarialApp(): Promise<TestApp> {
  return startApp({
    env: {
      RATE_LIMIT_DEFAULT_LIMIT: '1000000',
      RATE_LIMIT_AUTH_LIMIT: '1000000',
      RATE_LIMIT_BUY_LIMIT: '1000000',
      // Nothing registered in these tests may be called: no dispatcher runs.
      WEBHOOK_DISPATCHER_ENABLED: 'false',
    },
  });
}

const unique = (): string => randomBytes(4).toString('hex');

let numberCounter = 0;
const numberBase = randomBytes(2).readUInt16BE() % 5000;
/** A fresh valid North-American number (virtual numbers are never bought). */
export function freshNumber(): string {
  numberCounter += 1;
  return `+1212${String(2_000_000 + numberBase * 1000 + (numberCounter % 1000) + Math.floor(numberCounter / 1000) * 5_000_000).padStart(7, '0')}`;
}

/** The suite's actors talk through these helpers; a failure in building the world is a harness error. */
export async function create(t: TestApp, token: string, path: string, body: unknown): Promise<any> {
  return ok(t.request('POST', path, { token, body }));
}

export async function buyVirtual(
  t: TestApp,
  token: string,
  accountId: string,
  customerId?: string,
): Promise<{ id: string; phoneNumber: string }> {
  return create(t, token, '/endpoints/phone-numbers', {
    accountId,
    customerId,
    number: freshNumber(),
    isVirtualPhoneNumber: true,
  });
}

/** A webhook row written straight to the database: its id only is used; nothing is ever delivered. */
async function insertWebhook(db: DataSource, accountId: string): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await db.query(
    `INSERT INTO "webhooks" ("id", "dateCreated", "dateLastModified", "accountId", "url", "eventTypes", "secretEncrypted")
     VALUES (${[1, 2, 3, 4, 5, 6, 7].map((n) => (db.options.type === 'postgres' ? `$${n}` : '?')).join(', ')})`,
    [id, now, now, accountId, 'http://127.0.0.1:1/never-delivered', '[]', 'not-a-secret'],
  );
  return id;
}

async function user(
  t: TestApp,
  admin: string,
  body: Record<string, unknown>,
): Promise<{ email: string; password: string; token: string }> {
  const email = `${String(body.roles)}-${unique()}@test.local`.toLowerCase();
  const password = `password-${unique()}`;
  await create(t, admin, '/users', { ...body, emailAddress: email, password });
  return { email, password, token: await t.login(email, password) };
}

/**
 * Two tenants built through the API. Tenant A: account A, a root customer P with children C1 and C2,
 * a grandchild G under C1, a root customer D; tags; flows of the account, of C1 and of C2; endpoints
 * of the account, of P, C1, C2 and G; a Manager, and a Customer-role user of C1. Tenant B: an account
 * with a customer and a child, a tag, a flow, two endpoints and a Manager. Each tenant has a webhook
 * row (loopback URL, never delivered) and each Manager an API key.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const db = t.app.get(DataSource);
  const admin = await t.adminToken();
  const account = async (name: string) =>
    (await create(t, admin, '/accounts', { name: `${name} ${unique()}` })).id as string;
  const customer = async (accountId: string, name: string, parentCustomerId?: string) =>
    (await create(t, admin, '/customers', { accountId, name: `${name} ${unique()}`, parentCustomerId }))
      .id as string;
  const tag = async (accountId: string, name: string) =>
    (await create(t, admin, '/tags', { accountId, name: `${name} ${unique()}`, color: 'Blue' })) as {
      id: string;
      name: string;
      color: string;
    };
  const flow = async (accountId: string, name: string, customerId?: string) =>
    (await create(t, admin, '/flows', { accountId, customerId, name: `${name} ${unique()}` })).id as string;

  const A = await account('Account A');
  const P = await customer(A, 'P');
  const C1 = await customer(A, 'C1', P);
  const C2 = await customer(A, 'C2', P);
  const G = await customer(A, 'G', C1);
  const D = await customer(A, 'D');
  const tagsA = [await tag(A, 'Sales'), await tag(A, 'VIP')];
  const flowA = await flow(A, 'Account flow');
  const flowC1 = await flow(A, 'C1 flow', C1);
  const flowC2 = await flow(A, 'C2 flow', C2);
  const managerAUser = await user(t, admin, { accountId: A, roles: ['Manager'] });
  const customerAUser = await user(t, admin, { accountId: A, roles: ['Customer'], customerId: C1 });
  const endpointA = await buyVirtual(t, admin, A);
  const endpointP = await buyVirtual(t, admin, A, P);
  const endpointC1 = await buyVirtual(t, admin, A, C1);
  const endpointC2 = await buyVirtual(t, admin, A, C2);
  const endpointG = await buyVirtual(t, admin, A, G);

  const B = await account('Account B');
  const cB = await customer(B, 'B customer');
  const cB2 = await customer(B, 'B child', cB);
  const tagB = await tag(B, 'B tag');
  const flowB = await flow(B, 'B flow');
  const endpointB = await buyVirtual(t, admin, B, cB);
  const endpointB0 = await buyVirtual(t, admin, B);
  const managerBUser = await user(t, admin, { accountId: B, roles: ['Manager'] });
  const tagB2 = await tag(B, 'B own');

  const webhookA = await insertWebhook(db, A);
  const webhookB = await insertWebhook(db, B);
  const keyA = await create(t, managerAUser.token, '/auth/api-keys', { name: 'adversarial A' });
  const keyB = await create(t, managerBUser.token, '/auth/api-keys', { name: 'adversarial B' });

  const victimsInB: Victim[] = [
    { kind: 'account', id: B, label: 'account B' },
    { kind: 'customer', id: cB, label: "B's customer" },
    { kind: 'customer', id: cB2, label: "B's child customer" },
    { kind: 'tag', id: tagB.id, label: "B's tag" },
    { kind: 'flow', id: flowB, label: "B's flow" },
    { kind: 'endpoint', id: endpointB.id, label: "B's endpoint" },
    { kind: 'endpoint', id: endpointB0.id, label: "B's account-level endpoint" },
    { kind: 'webhook', id: webhookB, label: "B's webhook" },
    { kind: 'apiKey', id: keyB.id, label: "B's Manager's API key" },
  ];
  const victimsInA: Victim[] = [
    { kind: 'account', id: A, label: 'account A' },
    ...[P, C1, C2, G, D].map((id, i) => ({
      kind: 'customer' as const,
      id,
      label: `A's customer ${['P', 'C1', 'C2', 'G', 'D'][i]}`,
    })),
    ...tagsA.map((tg) => ({ kind: 'tag' as const, id: tg.id, label: `A's tag ${tg.name}` })),
    ...[flowA, flowC1, flowC2].map((id, i) => ({
      kind: 'flow' as const,
      id,
      label: `A's flow ${['A', 'C1', 'C2'][i]}`,
    })),
    ...[endpointA, endpointP, endpointC1, endpointC2, endpointG].map((e, i) => ({
      kind: 'endpoint' as const,
      id: e.id,
      label: `A's endpoint ${['A', 'P', 'C1', 'C2', 'G'][i]}`,
    })),
    { kind: 'webhook', id: webhookA, label: "A's webhook" },
    { kind: 'apiKey', id: keyA.id, label: "A's Manager's API key" },
  ];
  const numbersA = [endpointA, endpointP, endpointC1, endpointC2, endpointG].map((e) => e.phoneNumber);
  const numbersB = [endpointB, endpointB0].map((e) => e.phoneNumber);

  const managerA: Role = {
    name: 'Manager of A',
    ...managerAUser,
    accountId: A,
    customerId: null,
    own: {
      account: A,
      customer: D,
      endpoint: endpointA.id,
      flow: flowA,
      tag: tagsA[0].id,
      webhook: webhookA,
      apiKey: keyA.id,
    },
    ownTags: tagsA,
    victims: victimsInB,
    victimNumbers: numbersB,
  };
  const customerA: Role = {
    name: 'Customer-role user of C1 (A)',
    ...customerAUser,
    accountId: A,
    customerId: C1,
    own: {
      account: A,
      customer: G,
      endpoint: endpointG.id,
      flow: flowC1,
      tag: tagsA[0].id,
      webhook: webhookA,
      apiKey: keyA.id,
    },
    ownTags: tagsA,
    victims: [
      ...victimsInB,
      { kind: 'customer', id: P, label: "C1's parent P", mentionOk: true },
      { kind: 'customer', id: C2, label: "C1's sibling C2" },
      { kind: 'customer', id: D, label: "A's other root customer D" },
      { kind: 'flow', id: flowC2, label: "sibling C2's flow" },
      { kind: 'endpoint', id: endpointA.id, label: "A's account-level endpoint" },
      { kind: 'endpoint', id: endpointP.id, label: "parent P's endpoint" },
      { kind: 'endpoint', id: endpointC2.id, label: "sibling C2's endpoint" },
      { kind: 'webhook', id: webhookA, label: "A's webhook" },
      { kind: 'apiKey', id: keyA.id, label: "A's Manager's API key" },
    ],
    victimNumbers: [...numbersB, endpointA.phoneNumber, endpointP.phoneNumber, endpointC2.phoneNumber],
  };
  const managerB: Role = {
    name: 'Manager of B',
    ...managerBUser,
    accountId: B,
    customerId: null,
    own: {
      account: B,
      customer: cB2,
      endpoint: endpointB0.id,
      flow: flowB,
      tag: tagB2.id,
      webhook: webhookB,
      apiKey: keyB.id,
    },
    ownTags: [tagB, tagB2],
    victims: victimsInA,
    victimNumbers: numbersA,
  };
  return { t, db, admin, managerA, customerA, managerB, apiKeyA: keyA.key };
}

/** Signs in afresh as the bootstrap administrator (not the cached token): authentication itself still works. */
export async function freshAdminLogin(t: TestApp): Promise<number> {
  const response = await t.request('POST', '/auth/credentials', {
    body: { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  });
  return response.status;
}
