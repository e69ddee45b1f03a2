import type { DataSource } from 'typeorm';
import type { Victim } from './world';

/** What the integrity checker found; every list is empty in a sound database. */
export interface IntegrityReport {
  dangling: string[];
  crossTenant: string[];
  cycles: string[];
  pathMismatches: string[];
  duplicateEvents: string[];
}

type Row = Record<string, any>;

const json = (value: unknown): any => (typeof value === 'string' ? JSON.parse(value) : value);

async function rows(db: DataSource, table: string, columns: string[]): Promise<Row[]> {
  return db.query(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`);
}

/**
 * Reads the whole database (through the app's DataSource, on either dialect) and checks every
 * reference between tenants' objects: no reference to a row that does not exist, none to a row of
 * another account, no customer that is its own ancestor, every stored path equal to the path its
 * parents give, and at most one `endpoint.created` and one `endpoint.deleted` event per endpoint.
 */
export async function checkIntegrity(db: DataSource): Promise<IntegrityReport> {
  const [accounts, customers, endpoints, flows, tags, endpointTags, customerTags, flowTags, events] =
    await Promise.all([
      rows(db, 'accounts', ['id']),
      rows(db, 'customers', ['id', 'accountId', 'parentCustomerId', 'path', 'schedule']),
      rows(db, 'endpoints', ['id', 'accountId', 'customerId', 'flowId', 'settings']),
      rows(db, 'flows', ['id', 'accountId', 'customerId']),
      rows(db, 'tags', ['id', 'accountId']),
      rows(db, 'endpoint_tags', ['endpointId', 'tagId']),
      rows(db, 'customer_tags', ['customerId', 'tagId']),
      rows(db, 'flow_tags', ['flowId', 'tagId']),
      rows(db, 'outbox_events', ['id', 'type', 'payload']),
    ]);
  const byId = (list: Row[]) => new Map(list.map((r) => [r.id as string, r]));
  const accountIds = new Set(accounts.map((a) => a.id as string));
  const customerById = byId(customers);
  const endpointById = byId(endpoints);
  const flowById = byId(flows);
  const tagById = byId(tags);
  const report: IntegrityReport = {
    dangling: [],
    crossTenant: [],
    cycles: [],
    pathMismatches: [],
    duplicateEvents: [],
  };

  /** `owner` (of `ownerAccount`) names `targetId` in `map` through `field`. */
  const reference = (
    owner: string,
    ownerAccount: string | null,
    field: string,
    value: unknown,
    map: Map<string, Row>,
  ) => {
    if (value === null || value === undefined) return;
    const targetId = typeof value === 'string' ? value : JSON.stringify(value);
    const target = map.get(targetId);
    if (!target) report.dangling.push(`${owner}.${field} = ${targetId} names no row`);
    else if (ownerAccount !== null && target.accountId !== ownerAccount)
      report.crossTenant.push(
        `${owner} (account ${ownerAccount}).${field} = ${targetId} of account ${target.accountId}`,
      );
  };

  for (const r of [...customers, ...endpoints, ...flows, ...tags])
    if (!accountIds.has(r.accountId))
      report.dangling.push(`row ${r.id}.accountId = ${r.accountId} names no account`);
  const scheduleRules = (owner: string, accountId: string, schedule: any) => {
    for (const [i, rule] of (Array.isArray(schedule?.rules) ? schedule.rules : []).entries())
      reference(owner, accountId, `schedule.rules[${i}].flowId`, rule?.flowId, flowById);
  };
  for (const c of customers) {
    reference(`customer ${c.id}`, c.accountId, 'parentCustomerId', c.parentCustomerId, customerById);
    scheduleRules(`customer ${c.id}`, c.accountId, json(c.schedule));
  }
  for (const f of flows) reference(`flow ${f.id}`, f.accountId, 'customerId', f.customerId, customerById);
  for (const e of endpoints) {
    const owner = `endpoint ${e.id}`;
    reference(owner, e.accountId, 'customerId', e.customerId, customerById);
    reference(owner, e.accountId, 'flowId', e.flowId, flowById);
    const settings = json(e.settings) ?? {};
    reference(owner, e.accountId, 'emergencyPhoneNumberId', settings.emergencyPhoneNumberId, endpointById);
    for (const [i, scheduled] of (Array.isArray(settings.scheduledFlows)
      ? settings.scheduledFlows
      : []
    ).entries())
      reference(owner, e.accountId, `scheduledFlows[${i}].flowId`, scheduled?.flowId, flowById);
    scheduleRules(owner, e.accountId, settings.schedule);
  }
  const links = (list: Row[], ownerField: string, owners: Map<string, Row>, table: string) => {
    for (const link of list) {
      const owner = owners.get(link[ownerField]);
      if (!owner)
        report.dangling.push(`${table} (${link[ownerField]}, ${link.tagId}): ${ownerField} names no row`);
      reference(`${table} of ${link[ownerField]}`, owner?.accountId ?? null, 'tagId', link.tagId, tagById);
    }
  };
  links(endpointTags, 'endpointId', endpointById, 'endpoint_tags');
  links(customerTags, 'customerId', customerById, 'customer_tags');
  links(flowTags, 'flowId', flowById, 'flow_tags');

  // Parent cycles, and the path each customer's parents give.
  for (const c of customers) {
    const chain: string[] = [];
    let current: Row | undefined = c;
    while (current && !chain.includes(current.id)) {
      chain.unshift(current.id);
      current = current.parentCustomerId ? customerById.get(current.parentCustomerId) : undefined;
    }
    if (current) {
      report.cycles.push(`customer ${c.id} is its own ancestor: ${chain.join(' → ')}`);
      continue;
    }
    const computed = chain.map((id) => `${id}/`).join('');
    if (c.path !== computed)
      report.pathMismatches.push(`customer ${c.id}: stored path ${c.path}, parents give ${computed}`);
  }

  // One event per change: an endpoint is created once and deleted once.
  const counts = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'endpoint.created' && event.type !== 'endpoint.deleted') continue;
    const key = `${event.type as string} ${String(json(event.payload)?.id)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) if (count > 1) report.duplicateEvents.push(`${count} × ${key}`);
  return report;
}

const TABLE: Record<Victim['kind'], string> = {
  account: 'accounts',
  customer: 'customers',
  endpoint: 'endpoints',
  flow: 'flows',
  tag: 'tags',
  webhook: 'webhooks',
  apiKey: 'api_keys',
};

/**
 * The stored state of the victims: each victim's row, the tag links naming it, and, for a victim
 * account, how many rows of each kind it holds and its custom fields. Compared before and after an
 * attacker's requests: any difference is a write across the boundary.
 */
export async function snapshotVictims(db: DataSource, victims: Victim[]): Promise<Record<string, unknown>> {
  const param = (n: number) => (db.options.type === 'postgres' ? `$${n}` : '?');
  const snapshot: Record<string, unknown> = {};
  for (const victim of victims) {
    snapshot[`${victim.label} (${victim.id})`] = await db.query(
      `SELECT * FROM "${TABLE[victim.kind]}" WHERE "id" = ${param(1)}`,
      [victim.id],
    );
    for (const [table, column] of [
      ['endpoint_tags', victim.kind === 'tag' ? 'tagId' : 'endpointId'],
      ['customer_tags', victim.kind === 'tag' ? 'tagId' : 'customerId'],
      ['flow_tags', victim.kind === 'tag' ? 'tagId' : 'flowId'],
    ])
      snapshot[`${table} of ${victim.label}`] = await db.query(
        `SELECT * FROM "${table}" WHERE "${column}" = ${param(1)} ORDER BY "tagId"`,
        [victim.id],
      );
    if (victim.kind === 'account') {
      for (const table of ['customers', 'endpoints', 'flows', 'tags', 'webhooks', 'custom_fields'])
        snapshot[`${table} of ${victim.label}`] = await db.query(
          `SELECT "id" FROM "${table}" WHERE "accountId" = ${param(1)} ORDER BY "id"`,
          [victim.id],
        );
    }
  }
  return JSON.parse(JSON.stringify(snapshot));
}

/** The keys whose values differ between two snapshots. */
export function snapshotDifferences(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  return Object.keys(before)
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => `${key}: ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`);
}

/** The materialised path of a customer. */
export async function customerPath(db: DataSource, id: string): Promise<string> {
  const [customer] = await db.query(
    `SELECT "path" FROM "customers" WHERE "id" = ${db.options.type === 'postgres' ? '$1' : '?'}`,
    [id],
  );
  return customer.path;
}

/**
 * The customers, endpoints and flows a user created or last changed that lie outside the subtree at
 * `subtreePath` (an endpoint or flow of no customer is outside every subtree): each as
 * `<table> <id> under <path>`.
 */
export async function writtenOutsideSubtree(
  db: DataSource,
  email: string,
  subtreePath: string,
): Promise<string[]> {
  const postgres = db.options.type === 'postgres';
  const by = (alias: string) =>
    `(${alias}"createdBy" = ${postgres ? '$1' : '?'} OR ${alias}"lastModifiedBy" = ${postgres ? '$1' : '?'})`;
  const parameters = postgres ? [email] : [email, email];
  const owned = (kind: string, table: string) =>
    db.query(
      `SELECT '${kind}' AS "kind", o."id" AS "id", c."path" AS "path" FROM "${table}" o
       LEFT JOIN "customers" c ON c."id" = o."customerId" WHERE ${by('o.')}`,
      parameters,
    );
  const rows: { kind: string; id: string; path: string | null }[] = [
    ...(await db.query(
      `SELECT 'customer' AS "kind", "id", "path" FROM "customers" WHERE ${by('')}`,
      parameters,
    )),
    ...(await owned('endpoint', 'endpoints')),
    ...(await owned('flow', 'flows')),
  ];
  return rows
    .filter((row) => !row.path?.startsWith(subtreePath))
    .map((row) => `${row.kind} ${row.id} under ${row.path ?? 'the account itself (no customer)'}`);
}
