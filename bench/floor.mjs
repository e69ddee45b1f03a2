// The floor: a bare Fastify server running the service's SQL for BuyPhoneNumber (virtual numbers),
// ListEndpoints and GetEndpoint through the same driver, with a fixed auth check and no Nest, ORM or
// validation framework. What the service adds on top of it is the cost of its layers.
//
// The SQL mirrors what the service sends (read off TypeORM's query log, `logging: true`), statement for
// statement: the scope and reference checks, the claim transaction, the page (and its count), and the
// batched look-ups of account, customer (and breadcrumb), flow and tag names. It returns the same
// EndpointInfo JSON through the service's own plain mapper function.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { mapEndpoint } = require('../dist/endpoints/endpoint.mapper.js');

const TOKEN = process.env.FLOOR_TOKEN;
const ACCOUNT_IDS = process.env.FLOOR_ACCOUNT_IDS.split(',');
const ACTOR = process.env.FLOOR_ACTOR ?? 'manager@bench.local';

/** The two drivers behind one small interface; SQL is written with $1..$n placeholders. */
function openDatabase() {
  if (process.env.FLOOR_DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
    const on = (client) => ({ all: async (sql, params = []) => (await client.query(sql, params)).rows });
    return {
      postgres: true,
      ...on(pool),
      async transaction(work) {
        const client = await pool.connect();
        try {
          await client.query('START TRANSACTION');
          const result = await work(on(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        } finally {
          client.release();
        }
      },
    };
  }
  const db = new Database(process.env.FLOOR_SQLITE_PATH);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const statements = new Map();
  // $n placeholders become positional `?`s, with the parameters in the order they appear.
  const prepare = (sql) => {
    let prepared = statements.get(sql);
    if (!prepared) {
      const order = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
      prepared = { statement: db.prepare(sql.replace(/\$\d+/g, '?')), order };
      statements.set(sql, prepared);
    }
    return prepared;
  };
  const sqliteValue = (v) => (typeof v === 'boolean' ? Number(v) : v);
  const self = {
    postgres: false,
    all: async (sql, params = []) => {
      const { statement, order } = prepare(sql);
      const values = order.map((i) => sqliteValue(params[i]));
      if (statement.reader) return statement.all(values);
      statement.run(values);
      return [];
    },
    // better-sqlite3 is synchronous: BEGIN..COMMIT around awaited statements that never yield to
    // another request in between, like the service's queued transactions.
    async transaction(work) {
      db.exec('BEGIN');
      try {
        const result = await work(self);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
  };
  return self;
}

const db = openDatabase();
const list = (values, from = 1) => values.map((_, i) => `$${i + from}`).join(', ');
const ENDPOINT_COLUMNS =
  '"e"."id", "e"."dateCreated", "e"."dateLastModified", "e"."createdBy", "e"."lastModifiedBy", "e"."accountId", ' +
  '"e"."customerId", "e"."type", "e"."status", "e"."displayName", "e"."referenceId", "e"."phoneNumber", ' +
  '"e"."phoneNumberSid", "e"."isVirtualPhoneNumber", "e"."addressSid", "e"."flowId", "e"."flowParams", "e"."data", ' +
  '"e"."userMode", "e"."sipUserName", "e"."settings"';

const parseJson = (v) => (v === null || v === undefined ? null : JSON.parse(v));
const toEntity = (row) => ({
  ...row,
  isVirtualPhoneNumber: Boolean(row.isVirtualPhoneNumber),
  flowParams: parseJson(row.flowParams),
  data: parseJson(row.data),
  settings: parseJson(row.settings),
});
const distinct = (values) => [...new Set(values.filter((v) => v !== null))];
const pathIds = (path) => path.split('/').filter(Boolean);

/** toInfos: the service's batched look-ups, the same statements. */
async function toInfos(endpoints) {
  const accountIds = distinct(endpoints.map((e) => e.accountId));
  const customerIds = distinct(endpoints.map((e) => e.customerId));
  const flowIds = distinct(endpoints.map((e) => e.flowId));
  const ids = endpoints.map((e) => e.id);
  const [accounts, customers, flows, tagRows] = await Promise.all([
    accountIds.length
      ? db.all(`SELECT "id", "name" FROM "accounts" WHERE "id" IN (${list(accountIds)})`, accountIds)
      : [],
    customerIds.length
      ? db.all(
          `SELECT "id", "name", "path" FROM "customers" WHERE "id" IN (${list(customerIds)})`,
          customerIds,
        )
      : [],
    flowIds.length
      ? db.all(`SELECT "id", "name" FROM "flows" WHERE "id" IN (${list(flowIds)})`, flowIds)
      : [],
    ids.length
      ? db.all(
          `SELECT "et"."endpointId" AS "endpointId", "t"."id" AS "id", "t"."name" AS "name", "t"."color" AS "color" ` +
            `FROM "endpoint_tags" "et" INNER JOIN "tags" "t" ON "t"."id" = "et"."tagId" ` +
            `WHERE "et"."endpointId" IN (${list(ids)}) ORDER BY "t"."name" ASC`,
          ids,
        )
      : [],
  ]);
  const crumbIds = distinct(customers.flatMap((c) => pathIds(c.path)));
  const crumbNames = new Map(
    (crumbIds.length
      ? await db.all(`SELECT "id", "name" FROM "customers" WHERE "id" IN (${list(crumbIds)})`, crumbIds)
      : []
    ).map((r) => [r.id, r.name]),
  );
  const accountNames = new Map(accounts.map((a) => [a.id, a.name]));
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const flowNames = new Map(flows.map((f) => [f.id, f.name]));
  const tags = new Map();
  for (const { endpointId, ...tag } of tagRows) tags.set(endpointId, [...(tags.get(endpointId) ?? []), tag]);
  return endpoints.map((e) => {
    const customer = e.customerId ? customerById.get(e.customerId) : undefined;
    return mapEndpoint(e, {
      accountName: accountNames.get(e.accountId) ?? null,
      customerName: customer?.name ?? null,
      customerBreadcrumb: customer
        ? pathIds(customer.path).map((id) => ({ id, name: crumbNames.get(id) ?? '' }))
        : [],
      flowName: e.flowId ? (flowNames.get(e.flowId) ?? null) : null,
      tags: tags.get(e.id) ?? [],
    });
  });
}

const fail = (reply, status, errorCode, message) =>
  reply.code(status).send({ responseStatus: { errorCode, message, errors: [] } });

const app = Fastify({ logger: false });

// The fixed auth check: one bearer token, one Manager of the benchmark account.
app.addHook('onRequest', async (request, reply) => {
  if (request.headers.authorization !== `Bearer ${TOKEN}`)
    return fail(reply, 401, 'Unauthorized', 'Unauthorized');
});

app.post('/endpoints/phone-numbers', async (request, reply) => {
  const dto = request.body ?? {};
  if (typeof dto.number !== 'string' || !/^\+[1-9]\d{6,14}$/.test(dto.number))
    return fail(reply, 400, 'InvalidPhoneNumber', 'number is not a valid phone number');
  const accountId = dto.accountId;
  const scope = list(ACCOUNT_IDS, 2);
  const [account] = await db.all(
    `SELECT * FROM "accounts" "a" WHERE "a"."id" = $1 AND "a"."id" IN (${scope})`,
    [accountId, ...ACCOUNT_IDS],
  );
  if (!account) return fail(reply, 404, 'NotFound', 'account not found');
  if (dto.customerId) {
    const [customer] = await db.all(
      `SELECT * FROM "customers" "c" WHERE "c"."accountId" IN (${list(ACCOUNT_IDS)}) ` +
        `AND "c"."id" = $${ACCOUNT_IDS.length + 1} AND "c"."accountId" = $${ACCOUNT_IDS.length + 2}`,
      [...ACCOUNT_IDS, dto.customerId, accountId],
    );
    if (!customer) return fail(reply, 400, 'NotFound', 'customerId: no such customer');
  }
  const tagIds = [...new Set(dto.tagIds ?? [])];
  if (tagIds.length) {
    const tags = await db.all(
      `SELECT * FROM "tags" WHERE "id" IN (${list(tagIds)}) AND "accountId" = $${tagIds.length + 1}`,
      [...tagIds, accountId],
    );
    if (tags.length !== tagIds.length) return fail(reply, 400, 'NotFound', 'tagIds: no such tag');
  }
  if (dto.flowId) {
    const [flow] = await db.all(`SELECT * FROM "flows" WHERE "id" = $1 AND "accountId" = $2 LIMIT 1`, [
      dto.flowId,
      accountId,
    ]);
    if (!flow) return fail(reply, 400, 'NotFound', 'flowId: no such flow');
  }
  const now = new Date().toISOString();
  const endpoint = {
    id: randomUUID(),
    dateCreated: now,
    dateLastModified: now,
    createdBy: ACTOR,
    lastModifiedBy: ACTOR,
    accountId,
    customerId: dto.customerId ?? null,
    type: dto.isFaxNumber ? 'FaxNumber' : 'PhoneNumber',
    status: 'active',
    displayName: dto.number,
    referenceId: null,
    phoneNumber: dto.number,
    phoneNumberSid: null,
    isVirtualPhoneNumber: dto.isVirtualPhoneNumber ?? false,
    addressSid: null,
    flowId: dto.flowId ?? null,
    flowParams: dto.flowParams ?? null,
    data: dto.data ?? null,
    userMode: 'SoftPhone',
    sipUserName: null,
    settings: null,
  };
  const conflict = await db.transaction(async (tx) => {
    if (db.postgres)
      await tx.all(`SELECT * FROM "accounts" "row" WHERE "row"."id" = $1 FOR UPDATE`, [accountId]);
    else await tx.all(`SELECT * FROM "accounts" "row" WHERE "row"."id" = $1`, [accountId]);
    const [existing] = await tx.all(`SELECT "id" FROM "endpoints" WHERE "phoneNumber" = $1 LIMIT 1`, [
      dto.number,
    ]);
    if (existing) return true;
    const columns = Object.keys(endpoint);
    await tx.all(
      `INSERT INTO "endpoints" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${list(columns)})`,
      columns.map((c) =>
        ['flowParams', 'data', 'settings'].includes(c) && endpoint[c] !== null
          ? JSON.stringify(endpoint[c])
          : endpoint[c],
      ),
    );
    if (tagIds.length)
      await tx.all(
        `INSERT INTO "endpoint_tags" ("endpointId", "tagId") VALUES ${tagIds.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')}`,
        tagIds.flatMap((tagId) => [endpoint.id, tagId]),
      );
    return false;
  });
  if (conflict) return fail(reply, 409, 'PhoneNumberAlreadyExists', 'already exists');
  return (await toInfos([endpoint]))[0];
});

const SORT = '"e"."displayName" ASC, "e"."id" ASC';

app.get('/endpoints', async (request) => {
  const q = request.query;
  const size = Number(q.countPerPage ?? 25);
  const page = Number(q.page ?? 0);
  const simplified = q.simplifiedPaging === 'true';
  const params = [...ACCOUNT_IDS];
  let where = `"e"."accountId" IN (${list(ACCOUNT_IDS)})`;
  const tagIds = q.tagIds ? [...new Set(String(q.tagIds).split(','))] : [];
  if (tagIds.length) {
    where +=
      ` AND "e"."id" IN (SELECT "lt"."endpointId" FROM "endpoint_tags" "lt" WHERE "lt"."tagId" IN ` +
      `(${list(tagIds, params.length + 1)}) GROUP BY "lt"."endpointId" HAVING COUNT(*) = $${params.length + tagIds.length + 1})`;
    params.push(...tagIds, tagIds.length);
  }
  if (q.phoneNumberFilter) {
    params.push(
      `%${String(q.phoneNumberFilter)
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
    where += ` AND LOWER("e"."phoneNumber") LIKE $${params.length} ESCAPE '\\'`;
  }
  // Count first, then the page, one after the other as the service does.
  const count = simplified
    ? null
    : await db.all(`SELECT COUNT(1) AS "cnt" FROM "endpoints" "e" WHERE ${where}`, params);
  // Page 0 in one query; a deeper page pages the ids first, then loads those rows (as the service does).
  let rows;
  if (page === 0) {
    rows = await db.all(
      `SELECT ${ENDPOINT_COLUMNS} FROM "endpoints" "e" WHERE ${where} ORDER BY ${SORT} LIMIT ${size + 1}`,
      params,
    );
  } else {
    const ids = await db.all(
      `SELECT "e"."id" AS "pagedId" FROM "endpoints" "e" WHERE ${where} ORDER BY ${SORT} ` +
        `LIMIT ${size + 1} OFFSET ${page * size}`,
      params,
    );
    rows = ids.length
      ? await db.all(
          `SELECT ${ENDPOINT_COLUMNS} FROM "endpoints" "e" WHERE ${where} ` +
            `AND "e"."id" IN (${list(ids, params.length + 1)}) ORDER BY ${SORT}`,
          [...params, ...ids.map((r) => r.pagedId)],
        )
      : [];
  }
  const totalCount = simplified ? 0 : Number(count[0].cnt);
  return {
    items: await toInfos(rows.slice(0, size).map(toEntity)),
    totalCount,
    totalPages: simplified ? 0 : Math.ceil(totalCount / size),
    hasMorePages: rows.length > size,
  };
});

app.get('/endpoints/:id', async (request, reply) => {
  const [row] = await db.all(
    `SELECT ${ENDPOINT_COLUMNS} FROM "endpoints" "e" WHERE "e"."accountId" IN (${list(ACCOUNT_IDS)}) ` +
      `AND "e"."id" = $${ACCOUNT_IDS.length + 1}`,
    [...ACCOUNT_IDS, request.params.id],
  );
  if (!row) return fail(reply, 404, 'NotFound', 'Endpoint not found');
  return (await toInfos([toEntity(row)]))[0];
});

await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
