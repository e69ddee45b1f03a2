// The floor: a bare Fastify server running the service's SQL for BuyPhoneNumber (virtual numbers),
// ListEndpoints and GetEndpoint through the same driver, with a fixed auth check and no Nest, ORM or
// validation framework. What the service adds on top of it is the cost of its layers.
//
// The SQL mirrors what the service sends (read off TypeORM's query log, `logging: true`), statement for
// statement: the scope and reference checks, the claim transaction (with its outbox event), the page's
// count and ids, and the EndpointInfo reader's three statements (rows with names, tags, breadcrumbs).
// It returns the same EndpointInfo JSON through the service's own plain mapper function.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { mapEndpoint } = require('../dist/endpoints/endpoint.mapper.js');
const schedules = require('../dist/schedules/engine/index.js');

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
      db.exec('BEGIN IMMEDIATE');
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

/**
 * The service's EndpointInfo reader, the same statements: the rows with their account, customer and
 * flow names, then their tags and the customers' breadcrumbs side by side.
 */
async function readInfos(where, params) {
  const rows = await db.all(
    `SELECT ${ENDPOINT_COLUMNS}, "a"."name" AS "accountName", "c"."name" AS "customerName", ` +
      `"c"."path" AS "customerPath", "f"."name" AS "flowName" FROM "endpoints" "e" ` +
      `LEFT JOIN "accounts" "a" ON "a"."id" = "e"."accountId" ` +
      `LEFT JOIN "customers" "c" ON "c"."id" = "e"."customerId" ` +
      `LEFT JOIN "flows" "f" ON "f"."id" = "e"."flowId" WHERE ${where}`,
    params,
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const crumbIds = distinct(rows.flatMap((r) => (r.customerPath ? pathIds(r.customerPath) : [])));
  const [tagRows, crumbs] = await Promise.all([
    db.all(
      `SELECT "l"."endpointId" AS "ownerId", "t"."id" AS "id", "t"."name" AS "name", "t"."color" AS "color" ` +
        `FROM "endpoint_tags" "l" INNER JOIN "tags" "t" ON "t"."id" = "l"."tagId" ` +
        `WHERE "l"."endpointId" IN (${list(ids)}) ORDER BY "t"."name" ASC`,
      ids,
    ),
    crumbIds.length
      ? db.all(`SELECT "id", "name" FROM "customers" WHERE "id" IN (${list(crumbIds)})`, crumbIds)
      : [],
  ]);
  const crumbNames = new Map(crumbs.map((r) => [r.id, r.name]));
  const tags = new Map();
  for (const { ownerId, ...tag } of tagRows) tags.set(ownerId, [...(tags.get(ownerId) ?? []), tag]);
  return rows.map((row) =>
    mapEndpoint(toEntity(row), {
      accountName: row.accountName,
      customerName: row.customerName,
      customerBreadcrumb: row.customerPath
        ? pathIds(row.customerPath).map((id) => ({ id, name: crumbNames.get(id) ?? '' }))
        : [],
      flowName: row.flowName,
      tags: tags.get(row.id) ?? [],
    }),
  );
}

/** EndpointInfo of these endpoints, in the order of `ids`. */
async function infosByIds(ids) {
  if (ids.length === 0) return [];
  const infos = new Map((await readInfos(`"e"."id" IN (${list(ids)})`, ids)).map((i) => [i.id, i]));
  return ids.flatMap((id) => infos.get(id) ?? []);
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
  // The customer, tags and flow are checked side by side (each answers its error message or null).
  const tagIds = [...new Set(dto.tagIds ?? [])];
  const problems = await Promise.all([
    dto.customerId
      ? db
          .all(
            `SELECT * FROM "customers" "c" WHERE "c"."accountId" IN (${list(ACCOUNT_IDS)}) ` +
              `AND "c"."id" = $${ACCOUNT_IDS.length + 1} AND "c"."accountId" = $${ACCOUNT_IDS.length + 2}`,
            [...ACCOUNT_IDS, dto.customerId, accountId],
          )
          .then((rows) => (rows.length ? null : 'customerId: no such customer'))
      : null,
    tagIds.length
      ? db
          .all(
            `SELECT * FROM "tags" WHERE "id" IN (${list(tagIds)}) AND "accountId" = $${tagIds.length + 1}`,
            [...tagIds, accountId],
          )
          .then((rows) => (rows.length === tagIds.length ? null : 'tagIds: no such tag'))
      : null,
    dto.flowId
      ? db
          .all(`SELECT * FROM "flows" WHERE "id" = $1 AND "accountId" = $2 LIMIT 1`, [dto.flowId, accountId])
          .then((rows) => (rows.length ? null : 'flowId: no such flow'))
      : null,
  ]);
  const problem = problems.find((p) => p !== null);
  if (problem) return fail(reply, 400, 'NotFound', problem);
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
    // The account's lock (SQLite: the single writer already serialises).
    if (db.postgres) await tx.all(`SELECT 1 FROM "accounts" WHERE "id" = $1 FOR UPDATE`, [accountId]);
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
    // endpoint.created, in the outbox, in the same transaction (as the service records it).
    await tx.all(
      `INSERT INTO "outbox_events" ("id", "type", "accountId", "payload", "createdAt") VALUES ($1, $2, $3, $4, $5)`,
      [
        randomUUID(),
        'endpoint.created',
        accountId,
        JSON.stringify({
          id: endpoint.id,
          accountId,
          customerId: endpoint.customerId,
          type: endpoint.type,
          phoneNumber: endpoint.phoneNumber,
          phoneNumberSid: null,
          isVirtualPhoneNumber: endpoint.isVirtualPhoneNumber,
          displayName: endpoint.displayName,
        }),
        now,
      ],
    );
    return false;
  });
  if (conflict) return fail(reply, 409, 'PhoneNumberAlreadyExists', 'already exists');
  return (await infosByIds([endpoint.id]))[0];
});

const SORT = '"e"."displayName" ASC, "e"."id" ASC';

app.get('/endpoints', async (request) => {
  const q = request.query;
  const size = Number(q.countPerPage ?? 25);
  const page = Number(q.page ?? 0);
  const simplified = q.simplifiedPaging === 'true';
  const params = [...ACCOUNT_IDS];
  let where = `"e"."accountId" IN (${list(ACCOUNT_IDS)})`;
  for (const tagId of q.tagIds ? new Set(String(q.tagIds).split(',')) : []) {
    params.push(tagId);
    where +=
      ` AND EXISTS (SELECT 1 FROM "endpoint_tags" "lt" WHERE "lt"."endpointId" = "e"."id" ` +
      `AND "lt"."tagId" = $${params.length})`;
  }
  if (q.phoneNumberFilter) {
    params.push(
      `%${String(q.phoneNumberFilter)
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
    where += ` AND LOWER("e"."phoneNumber") LIKE $${params.length} ESCAPE '\\'`;
  }
  // Count first, then the page's ids, then their rows: one after the other, as the service does.
  const count = simplified
    ? null
    : await db.all(`SELECT COUNT(1) AS "cnt" FROM "endpoints" "e" WHERE ${where}`, params);
  // A page by cursor starts right after the cursor's (displayName, id); else at the offset.
  let seek = `OFFSET ${page * size}`;
  let seekWhere = where;
  const seekParams = [...params];
  if (q.cursor) {
    const { v, i } = JSON.parse(Buffer.from(String(q.cursor), 'base64url').toString('utf8'));
    seekParams.push(v, i);
    seekWhere += ` AND ("e"."displayName", "e"."id") > ($${seekParams.length - 1}, $${seekParams.length})`;
    seek = '';
  }
  const ids = await db.all(
    `SELECT "e"."id" AS "pagedId", "e"."displayName" AS "pagedSortValue" FROM "endpoints" "e" ` +
      `WHERE ${seekWhere} ORDER BY ${SORT} LIMIT ${size + 1} ${seek}`,
    seekParams,
  );
  const last = ids[Math.min(ids.length, size) - 1];
  const totalCount = simplified ? 0 : Number(count[0].cnt);
  return {
    items: await infosByIds(ids.slice(0, size).map((r) => r.pagedId)),
    totalCount,
    totalPages: simplified ? 0 : Math.ceil(totalCount / size),
    hasMorePages: ids.length > size,
    nextCursor:
      ids.length > size
        ? Buffer.from(
            JSON.stringify({ f: 'displayName', o: 'Ascend', v: last.pagedSortValue, i: last.pagedId }),
          ).toString('base64url')
        : null,
  };
});

app.get('/endpoints/:id', async (request, reply) => {
  const [info] = await readInfos(
    `"e"."id" = $${ACCOUNT_IDS.length + 1} AND "e"."accountId" IN (${list(ACCOUNT_IDS)})`,
    [...ACCOUNT_IDS, request.params.id],
  );
  if (!info) return fail(reply, 404, 'NotFound', 'Endpoint not found');
  return info;
});

// TestEndpointSchedule: the endpoint as GetEndpoint reads it, its customers' schedules in one statement,
// the engine's evaluation (the service's own functions) and the flow that would answer.
app.post('/endpoints/:id/test-schedule', async (request, reply) => {
  const [info] = await readInfos(
    `"e"."id" = $${ACCOUNT_IDS.length + 1} AND "e"."accountId" IN (${list(ACCOUNT_IDS)})`,
    [...ACCOUNT_IDS, request.params.id],
  );
  if (!info) return fail(reply, 404, 'NotFound', 'Endpoint not found');
  const chainIds = info.customerBreadcrumb.map((c) => c.id);
  const rows = chainIds.length
    ? await db.all(
        `SELECT "id", "schedule" FROM "customers" WHERE "id" IN (${list(chainIds)}) AND "accountId" = $${chainIds.length + 1}`,
        [...chainIds, info.accountId],
      )
    : [];
  const byId = new Map(rows.map((r) => [r.id, parseJson(r.schedule)]));
  const ancestors = [...chainIds].reverse().map((id) => ({ customerId: id, schedule: byId.get(id) ?? null }));
  const { schedule, source } = schedules.effectiveSchedule(info.schedule, ancestors);
  const evaluation = schedules.evaluateSchedule(schedule, new Date(request.body.dateTime));
  const flow = schedules.resolveEndpointFlow(info, evaluation);
  return {
    state: evaluation.state,
    ruleId: evaluation.rule?.id ?? null,
    ruleName: evaluation.rule?.name ?? null,
    timeZoneId: evaluation.timeZoneId,
    localDateTime: evaluation.localDateTime,
    source: source.kind,
    ...flow,
    flowName: flow.flowId === info.flowId ? info.flowName : null,
  };
});

await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
