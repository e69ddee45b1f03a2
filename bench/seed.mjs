// Seeds the benchmark tenant: everything but the endpoints through the API (so it is what the service
// would have written), then the endpoints in bulk with SQL matching the migrations' schema.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { call, seededRandom } from './lib.mjs';

export const ENDPOINT_COUNT = Number(process.env.BENCH_ENDPOINTS ?? 100_000);
const AREA_CODES = ['212', '305', '312', '415', '512', '617', '702', '808', '917', '972'];
/** The area code `phoneNumberFilter` looks for: a tenth of the endpoints. */
export const FILTER_AREA_CODE = '305';

/** The README's worked example: office hours Monday to Friday in New York, Christmas a holiday. */
export const OFFICE_SCHEDULE = {
  timeZoneId: 'America/New_York',
  defaultState: 'Closed',
  rules: [
    {
      id: 'christmas',
      name: 'Christmas',
      priority: 0,
      state: 'Holiday',
      frequency: 'Yearly',
      byMonth: [12],
      byMonthDay: [25],
      startDate: '2026-01-01',
      isAllDay: true,
    },
    {
      id: 'hours',
      name: 'Business hours',
      priority: 1,
      state: 'Open',
      frequency: 'Weekly',
      byDay: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((dayOfWeek) => ({ dayOfWeek })),
      startDate: '2026-01-01',
      startTime: '09:00',
      endTime: '17:00',
    },
  ],
};

/**
 * Builds the tenant through the API as the bootstrap SystemAdministrator. Returns what the scenarios
 * need: the main account, its customers, tags and flows, and the Manager's three credentials.
 */
export async function seedThroughApi(base, admin) {
  const token = (await call(base, 'POST', '/auth/credentials', { body: admin })).bearerToken;
  const accounts = [];
  for (const name of ['Acme Telecom', 'Globex Voice', 'Initech Phones'])
    accounts.push(await call(base, 'POST', '/accounts', { token, body: { name } }));
  const [main] = accounts;
  // 200 customers, nested 3 deep: 10 roots, 40 children, 150 grandchildren; most in the main account.
  const customers = [];
  const create = async (account, name, parent) => {
    const body = { accountId: account.id, name, ...(parent ? { parentCustomerId: parent.id } : {}) };
    const c = await call(base, 'POST', '/customers', { token, body });
    customers.push({ ...c, accountId: account.id });
    return c;
  };
  const roots = [];
  for (let i = 0; i < 10; i++) roots.push(await create(accounts[i < 8 ? 0 : i - 7], `Customer ${i}`));
  const children = [];
  for (let i = 0; i < 40; i++) {
    const parent = roots[i % 10];
    const account = accounts.find((a) => a.id === customers.find((c) => c.id === parent.id).accountId);
    children.push(await create(account, `${parent.name} / Site ${i}`, parent));
  }
  for (let i = 0; i < 150; i++) {
    const parent = children[i % 40];
    const account = accounts.find((a) => a.id === customers.find((c) => c.id === parent.id).accountId);
    await create(account, `${parent.name} / Team ${i}`, parent);
  }
  // The root customers keep office hours (the README's worked example); every endpoint below them inherits
  // them, through one to three customers, for the test-schedule scenario.
  for (const root of roots)
    await call(base, 'PATCH', `/customers/${root.id}`, { token, body: { schedule: OFFICE_SCHEDULE } });
  const tags = [];
  for (let i = 0; i < 20; i++) {
    const account = accounts[i < 16 ? 0 : 1 + (i % 2)];
    const t = await call(base, 'POST', '/tags', {
      token,
      body: { accountId: account.id, name: `Tag ${i}`, color: ['Blue', 'Gold', 'Green', 'Red'][i % 4] },
    });
    tags.push({ ...t, accountId: account.id });
  }
  const flows = [];
  for (let i = 0; i < 10; i++) {
    const account = accounts[i < 8 ? 0 : i - 7];
    const f = await call(base, 'POST', '/flows', {
      token,
      body: { accountId: account.id, name: `Flow ${i}` },
    });
    flows.push({ ...f, accountId: account.id });
  }
  const manager = { userName: 'manager@bench.local', password: 'bench-manager-password' };
  await call(base, 'POST', '/users', {
    token,
    body: {
      accountId: main.id,
      emailAddress: manager.userName,
      password: manager.password,
      roles: ['Manager'],
    },
  });
  const managerToken = (await call(base, 'POST', '/auth/credentials', { body: manager })).bearerToken;
  const apiKey = (
    await call(base, 'POST', '/auth/api-keys', { token: managerToken, body: { name: 'bench' } })
  ).key;
  const inMain = (list) => list.filter((x) => x.accountId === main.id);
  return {
    accountId: main.id,
    customers: inMain(customers).map((c) => c.id),
    tags: inMain(tags).map((t) => t.id),
    flows: inMain(flows).map((f) => f.id),
    manager,
    apiKey,
  };
}

const ENDPOINT_COLUMNS = [
  'id',
  'dateCreated',
  'dateLastModified',
  'createdBy',
  'lastModifiedBy',
  'accountId',
  'customerId',
  'type',
  'status',
  'displayName',
  'referenceId',
  'phoneNumber',
  'phoneNumberSid',
  'isVirtualPhoneNumber',
  'addressSid',
  'flowId',
  'flowParams',
  'data',
  'settings',
  'userMode',
  'sipUserName',
];

/** The endpoints of the main account, as rows (and their tag links), the same on both databases. */
function* endpointRows(tenant) {
  const random = seededRandom(7);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < ENDPOINT_COUNT; i++) {
    const when = new Date(start + i * 60_000).toISOString();
    const number = `+1${AREA_CODES[i % AREA_CODES.length]}${String(2_000_000 + i).padStart(7, '0')}`;
    const fax = random() < 0.05;
    const row = {
      id: randomUUID(),
      dateCreated: when,
      dateLastModified: when,
      createdBy: 'manager@bench.local',
      lastModifiedBy: 'manager@bench.local',
      accountId: tenant.accountId,
      customerId: random() < 0.9 ? pick(tenant.customers) : null,
      type: fax ? 'FaxNumber' : 'PhoneNumber',
      status: 'active',
      displayName: `Line ${String(Math.floor(random() * 1e6)).padStart(6, '0')} ${number.slice(-4)}`,
      referenceId: random() < 0.5 ? `ref-${i}` : null,
      phoneNumber: number,
      phoneNumberSid: `PN${randomUUID().replaceAll('-', '')}`,
      isVirtualPhoneNumber: false,
      addressSid: null,
      flowId: random() < 0.6 ? pick(tenant.flows) : null,
      flowParams: random() < 0.3 ? JSON.stringify({ greeting: { stringValue: 'Hello' } }) : null,
      data: JSON.stringify({
        region: { stringValue: ['east', 'west', 'north', 'south'][i % 4] },
        seats: { numberValue: 1 + (i % 20) },
      }),
      settings: null,
      userMode: 'SoftPhone',
      sipUserName: null,
    };
    const tagIds = new Set();
    const tagCount = Math.floor(random() * 4); // 0-3 tags
    while (tagIds.size < tagCount) tagIds.add(pick(tenant.tags));
    yield { row, tagIds: [...tagIds] };
  }
}

/** Inserts the endpoints into PostgreSQL in batches of multi-row INSERTs, then analyses the tables. */
export async function bulkInsertPg(url, tenant) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    let rows = [];
    let links = [];
    const flush = async () => {
      if (rows.length) {
        const values = [];
        const tuples = rows.map((r) => {
          const start = values.length;
          values.push(...ENDPOINT_COLUMNS.map((c) => r[c]));
          return `(${ENDPOINT_COLUMNS.map((_, j) => `$${start + j + 1}`).join(', ')})`;
        });
        await client.query(
          `INSERT INTO endpoints (${ENDPOINT_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
          values,
        );
      }
      if (links.length) {
        const values = links.flat();
        const tuples = links.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`);
        await client.query(
          `INSERT INTO endpoint_tags ("endpointId", "tagId") VALUES ${tuples.join(', ')}`,
          values,
        );
      }
      rows = [];
      links = [];
    };
    for (const { row, tagIds } of endpointRows(tenant)) {
      rows.push(row);
      for (const tagId of tagIds) links.push([row.id, tagId]);
      if (rows.length === 1000) await flush();
    }
    await flush();
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE endpoints');
    await client.query('VACUUM ANALYZE endpoint_tags');
  } finally {
    await client.end();
  }
}

/** Inserts the endpoints into the SQLite file in one transaction (no ANALYZE: SQLite does not run one by itself). */
export function bulkInsertSqlite(path, tenant) {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  const insertEndpoint = db.prepare(
    `INSERT INTO endpoints (${ENDPOINT_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${ENDPOINT_COLUMNS.map(
      () => '?',
    ).join(', ')})`,
  );
  const insertLink = db.prepare('INSERT INTO endpoint_tags ("endpointId", "tagId") VALUES (?, ?)');
  db.transaction(() => {
    for (const { row, tagIds } of endpointRows(tenant)) {
      insertEndpoint.run(
        ENDPOINT_COLUMNS.map((c) => (typeof row[c] === 'boolean' ? Number(row[c]) : row[c])),
      );
      for (const tagId of tagIds) insertLink.run(row.id, tagId);
    }
  })();
  db.close();
}
