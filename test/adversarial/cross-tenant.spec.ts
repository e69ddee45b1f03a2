import {
  checkIntegrity,
  customerPath,
  snapshotDifferences,
  snapshotVictims,
  writtenOutsideSubtree,
} from './lib/integrity';
import { Operation, operations } from './lib/openapi';
import { answerProblem, findings, recordFigures, recordFindings } from './lib/report';
import {
  bodySlots,
  BodySlot,
  ENDS_SESSION,
  idKind,
  listKind,
  pathParamKind,
  RequestParts,
  slotName,
  urlOf,
  validRequest,
  withSlot,
} from './lib/requests';
import { buildWorld, Kind, Role, startAdversarialApp, Victim, World } from './lib/world';
import type { TestApp } from '../helpers/test-app';

/** One request of the attack: where the foreign id went, and which. */
interface Attempt {
  description: string;
  parts: RequestParts;
  victim?: Victim;
  /** The victim's id is in the path: any 2xx reads or changes it. */
  inPath: boolean;
}

/** The kind of object a body slot names, when it names one of this service's objects. */
function slotKind(slot: BodySlot): Kind | undefined {
  if (slot.path[0] === 'package') return undefined; // a package carries no account's objects: its ids are remapped
  const name = slot.path[slot.path.length - 1];
  if (name === 'id') return slot.path[slot.path.length - 3] === 'tags' ? 'tag' : undefined;
  return idKind(name);
}

/**
 * Every request that puts one of the role's victims' ids (or, for a Customer-role user, an empty or
 * null customer: the account itself) in one place of an otherwise valid request of the operation.
 */
function attempts(operation: Operation, role: Role): Attempt[] {
  const valid = validRequest(operation, role);
  const list: Attempt[] = [];
  const victimsOf = (kind: Kind | undefined) => (kind ? role.victims.filter((v) => v.kind === kind) : []);
  // The valid request itself, except a DELETE (of the role's own object): its answer must not show a victim.
  if (operation.method !== 'DELETE') list.push({ description: 'as is', parts: valid, inPath: false });
  for (const param of operation.pathParams)
    for (const victim of victimsOf(pathParamKind(operation, param.name)))
      list.push({
        description: `path ${param.name} = ${victim.label}`,
        parts: { ...valid, pathParams: { ...valid.pathParams, [param.name]: victim.id } },
        victim,
        inPath: true,
      });
  for (const slot of bodySlots(operation.body)) {
    const kind = slotKind(slot);
    const value = (id: string | null) => (slot.schema.type === 'array' ? [id] : id);
    for (const victim of victimsOf(kind))
      list.push({
        description: `body ${slotName(slot)} = ${victim.label}`,
        parts: { ...valid, body: withSlot(valid.body, slot, value(victim.id), operation.body!) },
        victim,
        inPath: false,
      });
    if (kind === 'customer' && role.customerId && slot.schema.type !== 'array')
      for (const escape of ['', null])
        list.push({
          description: `body ${slotName(slot)} = ${JSON.stringify(escape)} (the account, outside the subtree)`,
          parts: { ...valid, body: withSlot(valid.body, slot, escape, operation.body!) },
          inPath: false,
        });
  }
  for (const param of operation.queryParams) {
    const kind = param.name === 'specificIds' ? listKind(operation) : idKind(param.name);
    for (const victim of victimsOf(kind))
      list.push({
        description: `query ${param.name} = ${victim.label}`,
        parts: { ...valid, query: { ...valid.query, [param.name]: victim.id } },
        victim,
        inPath: false,
      });
    if (param.name === 'phoneNumber')
      for (const number of role.victimNumbers)
        list.push({
          description: `query phoneNumber = a victim's number ${number}`,
          parts: { ...valid, query: { ...valid.query, phoneNumber: number } },
          inPath: false,
        });
  }
  return list;
}

describe('adversarial: no read, write or reference across tenants or out of a customer subtree', () => {
  let t: TestApp;
  let world: World;
  const figures = {
    operationsTimesRoles: 0,
    requests: 0,
    fiveXX: 0,
    leaks: 0,
    crossTenantReferences: 0,
    danglingReferences: 0,
  };
  /** Every finding in full, by check, for `test-results`. */
  const allFindings: Record<string, string[]> = {};

  beforeAll(async () => {
    t = await startAdversarialApp();
    world = await buildWorld(t);
  }, 120000);
  afterAll(async () => {
    if (t) {
      recordFigures('cross-tenant', t.database.isPostgres, figures);
      recordFindings('cross-tenant', t.database.isPostgres, allFindings);
    }
    await t?.close();
  });

  /** Sends every attempt of every operation as `role`; answers the problems found. */
  async function attack(role: Role): Promise<{ fiveXX: string[]; envelope: string[]; leaks: string[] }> {
    const found = { fiveXX: [] as string[], envelope: [] as string[], leaks: [] as string[] };
    const mentionable = role.victims.filter((v) => !v.mentionOk).map((v) => v.id);
    const subtreePath = role.customerId ? await customerPath(world.db, role.customerId) : null;
    const outside = new Set(
      subtreePath ? await writtenOutsideSubtree(world.db, role.email, subtreePath) : [],
    );
    for (const operation of operations()) {
      figures.operationsTimesRoles += 1;
      for (const attempt of attempts(operation, role)) {
        figures.requests += 1;
        const token = ENDS_SESSION.has(operation.operationId)
          ? await t.login(role.email, role.password)
          : role.token;
        const url = urlOf(operation, attempt.parts);
        const response = await t.request(operation.method, url, { token, body: attempt.parts.body });
        const where = `${role.name}: ${operation.method} ${operation.path} (${operation.operationId}) with ${attempt.description}`;
        const problem = answerProblem(response);
        if (problem) (response.status >= 500 ? found.fiveXX : found.envelope).push(`${where} → ${problem}`);
        // A Customer-role user's write (whatever it answered) leaves what it wrote inside its subtree.
        if (subtreePath && operation.method !== 'GET')
          for (const row of await writtenOutsideSubtree(world.db, role.email, subtreePath))
            if (!outside.has(row)) {
              outside.add(row);
              found.leaks.push(
                `${where} → ${response.status}, and wrote ${row}, outside the user's subtree ${subtreePath}`,
              );
            }
        if (response.status < 200 || response.status >= 300) continue;
        if (attempt.inPath) {
          found.leaks.push(
            `${where} → ${response.status}: the victim's id in the path was served (expected 403/404)`,
          );
          continue;
        }
        const shown = [...mentionable, ...role.victimNumbers].filter((id) => response.text.includes(id));
        if (shown.length)
          found.leaks.push(
            `${where} → ${response.status} showing ${shown.join(', ')}: ${response.text.slice(0, 300)}`,
          );
      }
    }
    return found;
  }

  it.each(['managerA', 'customerA', 'managerB'] as const)(
    'as %s: every operation with the other tenant’s (or subtree’s) ids answers no victim, changes none, never 5xx',
    async (roleName) => {
      const role = world[roleName];
      const before = await snapshotVictims(world.db, role.victims);
      const found = await attack(role);
      const changed = snapshotDifferences(before, await snapshotVictims(world.db, role.victims)).map(
        (difference) => `${role.name} changed a victim: ${difference}`,
      );
      Object.assign(allFindings, {
        [`${role.name}: 5xx`]: found.fiveXX,
        [`${role.name}: outside the envelope`]: found.envelope,
        [`${role.name}: leaks`]: found.leaks,
        [`${role.name}: victims changed`]: changed,
      });
      figures.fiveXX += found.fiveXX.length;
      figures.leaks += found.leaks.length + changed.length;
      expect(
        [
          findings('5xx answers', found.fiveXX),
          findings('errors outside the envelope', found.envelope),
          findings('leaks (a victim read, shown or referenced)', found.leaks),
          findings('victims changed', changed),
        ]
          .filter(Boolean)
          .join('\n'),
      ).toBe('');
    },
    300000,
  );

  it('leaves no reference across tenants and no dangling reference in the database', async () => {
    const report = await checkIntegrity(world.db);
    Object.assign(allFindings, {
      'references across tenants': report.crossTenant,
      'dangling references': report.dangling,
    });
    figures.crossTenantReferences = report.crossTenant.length;
    figures.danglingReferences = report.dangling.length;
    figures.leaks += report.crossTenant.length;
    expect(
      [
        findings('references across tenants', report.crossTenant),
        findings('dangling references', report.dangling),
      ]
        .filter(Boolean)
        .join('\n'),
    ).toBe('');
  });

  it('replays an Idempotency-Key only for the same path: copying another flow under the key is not the first copy', async () => {
    const role = world.managerA;
    const key = `adversarial-${Date.now()}`;
    const headers = { 'idempotency-key': key };
    const first = await t.request('POST', `/flows/${role.own.flow}/copy`, {
      token: role.token,
      headers,
      body: {},
    });
    expect(first.status).toBe(200);
    const otherFlow = world.customerA.own.flow;
    const second = await t.request('POST', `/flows/${otherFlow}/copy`, {
      token: role.token,
      headers,
      body: {},
    });
    // Either refused as a reused key (422) or a copy of the other flow; never the first answer again.
    if (second.status === 200) {
      expect(second.headers.get('idempotent-replayed')).toBeNull();
      expect(second.body.id).not.toBe(first.body.id);
    } else expect(second.status).toBe(422);
  });
});
