import { randomUUID } from 'node:crypto';
import type { ApiResponse, TestApp } from '../helpers/test-app';
import {
  deepArray,
  deepObject,
  EDGE_STRINGS,
  EDGE_VALUES,
  hostileFor,
  hostileQueryValue,
  LOOPBACK_URLS,
  NESTED_EDGE_VALUES,
  PROTOTYPE_KEYS,
  RawJson,
  RUNS,
  sample,
  SEED,
  serialize,
} from './lib/hostile';
import { Operation, operations } from './lib/openapi';
import {
  answerProblem,
  findings,
  preview,
  prototypePollution,
  recordFigures,
  recordFindings,
  restorePrototypes,
} from './lib/report';
import {
  bodySlots,
  ENDS_SESSION,
  RequestParts,
  slotName,
  urlOf,
  validRequest,
  withSlot,
} from './lib/requests';
import { buildWorld, freshAdminLogin, Role, startAdversarialApp, World } from './lib/world';

/** Operations only a SystemAdministrator may call: fuzzed as one too. */
const ADMIN_OPERATIONS = new Set(['NewAccount', 'PatchAccount', 'SyncPhoneNumbers', 'NewUser']);

const mapValues = <T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));

/** Sign-in and token operations: fuzzed last, after the check that authentication still works. */
const AUTH_OPERATIONS = new Set(['Authenticate', 'GetAccessToken', ...ENDS_SESSION]);

describe('adversarial: hostile values for every field of every operation', () => {
  let t: TestApp;
  let world: World;
  const figures = {
    operations: 0,
    valuesGenerated: 0,
    requests: 0,
    fiveXX: 0,
    envelopeErrors: 0,
    prototypePollutions: 0,
    leaks: 0,
  };
  const fiveXX: string[] = [];
  const envelope: string[] = [];
  /** Requests that changed a built-in prototype, and whether signing in still worked right after. */
  const pollution: string[] = [];
  const authBroken: string[] = [];

  /** Where the finding lists stand, and what was found since. */
  const mark = () => [pollution.length, fiveXX.length, envelope.length];
  const since = ([p, f, e]: number[]) => [...pollution.slice(p), ...fiveXX.slice(f), ...envelope.slice(e)];

  /** The bootstrap administrator, acting on tenant A's objects. */
  const administrator = (): Role => ({ ...world.managerA, name: 'SystemAdministrator', token: world.admin });

  beforeAll(async () => {
    console.log(
      `adversarial fuzz: seed ${SEED}, ${RUNS} values per field (ADVERSARIAL_SEED / ADVERSARIAL_RUNS)`,
    );
    t = await startAdversarialApp();
    world = await buildWorld(t);
  }, 120000);
  afterAll(async () => {
    figures.fiveXX = fiveXX.length;
    figures.prototypePollutions = pollution.length;
    figures.envelopeErrors = envelope.length;
    if (t) {
      recordFigures('fuzz', t.database.isPostgres, figures);
      recordFindings('fuzz', t.database.isPostgres, { pollution, authBroken, fiveXX, envelope });
    }
    await t?.close();
  });

  /** Sends one request (a body as JSON text, so deep and prototype-keyed values go as built) and records what is wrong. */
  async function send(
    role: Role | null,
    operation: Operation,
    parts: RequestParts,
    what: string,
    rawQuery = '',
  ): Promise<ApiResponse> {
    figures.requests += 1;
    const token = !role
      ? undefined
      : ENDS_SESSION.has(operation.operationId)
        ? await t.login(role.email, role.password)
        : role.token;
    const url =
      urlOf(operation, parts) +
      (rawQuery ? `${parts.query && Object.keys(parts.query).length ? '&' : '?'}${rawQuery}` : '');
    const response = await t.request(operation.method, url, {
      token,
      rawBody: parts.body === undefined ? undefined : serialize(parts.body),
      headers: parts.body === undefined ? {} : { 'content-type': 'application/json' },
    });
    const problem = answerProblem(response);
    const where = `${role?.name ?? 'anonymous'}: ${operation.method} ${operation.path} (${operation.operationId}) ${what}`;
    if (problem) (response.status >= 500 ? fiveXX : envelope).push(`${where} → ${problem}`);
    const polluted = prototypePollution();
    if (polluted.length) {
      // Seen as the app sees it: can anyone still sign in? Then the process is made whole again, so
      // that each later finding has a cause of its own.
      const signIn = await freshAdminLogin(t);
      const apiKey = (await t.request('GET', '/auth/status', { token: world.apiKeyA })).status;
      pollution.push(`${where} added ${polluted.join(', ')}`);
      if (signIn !== 200 || apiKey !== 200)
        authBroken.push(`after ${where}: administrator sign-in → ${signIn}, API key → ${apiKey}`);
      restorePrototypes();
    }
    return response;
  }

  /**
   * Every body field, query parameter and path parameter of `operation` with hostile values, as
   * `role`: the edge values always, and `runs` values fast-check generates from the field's schema
   * (top-level fields; nested ones get the random values only when ADVERSARIAL_RUNS is raised).
   * `light`: the edge values of top-level fields, sortField and cursor only.
   */
  async function fuzzOperation(operation: Operation, role: Role, runs: number, light = false): Promise<void> {
    const valid = validRequest(operation, role);
    // A DELETE as is would delete the role's own object: prototype-key requests name no object.
    const harmless =
      operation.method === 'DELETE'
        ? { ...valid, pathParams: mapValues(valid.pathParams, () => randomUUID()) }
        : valid;
    const values = (generated: unknown[], edge: unknown[]) => {
      figures.valuesGenerated += generated.length + edge.length;
      return [...edge, ...generated];
    };
    for (const slot of bodySlots(operation.body)) {
      const nested = slot.path.length > 1;
      if (light && nested) continue;
      const generated = light
        ? []
        : sample(
            hostileFor(slot.schema, slotName(slot)),
            `${operation.operationId}.${slotName(slot)}`,
            nested ? Math.max(0, runs - 3) : runs,
          );
      for (const value of values(generated, nested || light ? NESTED_EDGE_VALUES : EDGE_VALUES))
        await send(
          role,
          operation,
          { ...valid, body: withSlot(valid.body, slot, value, operation.body!) },
          `body ${slotName(slot)} = ${preview(value)}`,
        );
    }
    // Light: only the parameters that reach SQL as names or positions (the full pass covers the rest).
    const queryParams = light
      ? operation.queryParams.filter((p) => ['sortField', 'cursor'].includes(p.name))
      : operation.queryParams;
    for (const param of queryParams)
      for (const value of values(
        light ? [] : sample(hostileQueryValue, `${operation.operationId}?${param.name}`, runs),
        EDGE_STRINGS,
      ))
        await send(
          role,
          operation,
          { ...valid, query: { ...valid.query, [param.name]: value } },
          `query ${param.name} = ${preview(value)}`,
        );
    for (const param of light ? [] : operation.pathParams)
      for (const value of values(
        light ? [] : sample(hostileQueryValue, `${operation.operationId}/${param.name}`, runs),
        EDGE_STRINGS,
      )) {
        if (value === '') continue; // an empty segment is another route
        await send(
          role,
          operation,
          { ...valid, pathParams: { ...valid.pathParams, [param.name]: value as string } },
          `path ${param.name} = ${preview(value)}`,
        );
      }
    // Prototype keys as query keys (plain and bracketed, as qs-style parsers read them) and as body keys.
    const queryKeys = [
      '__proto__=x',
      '__proto__%5BisAdmin%5D=true',
      'constructor%5Bprototype%5D%5BisAdmin%5D=true',
    ];
    for (const rawQuery of light ? queryKeys.slice(1, 2) : queryKeys) {
      figures.valuesGenerated += 1;
      await send(role, operation, harmless, `query ${decodeURIComponent(rawQuery)}`, rawQuery);
    }
    if (operation.body)
      for (const key of light ? ['__proto__'] : PROTOTYPE_KEYS) {
        figures.valuesGenerated += 2;
        const polluted = { roles: ['SystemAdministrator'], isAdmin: true, accountIds: null };
        await send(
          role,
          operation,
          {
            ...harmless,
            body: withSlot(harmless.body, { path: [key], schema: {} }, polluted, operation.body),
          },
          `body key ${key}`,
        );
        await send(
          role,
          operation,
          {
            ...harmless,
            body: { ...harmless.body, data: JSON.parse(`{${JSON.stringify(key)}:{"stringValue":"x"}}`) },
          },
          `body data key ${key}`,
        );
      }
  }

  it('no 5xx and the envelope on every error, for hostile values in every body field, query and path parameter', async () => {
    for (const operation of operations()) {
      if (AUTH_OPERATIONS.has(operation.operationId)) continue;
      figures.operations += 1;
      await fuzzOperation(operation, world.managerA, RUNS);
      await fuzzOperation(operation, world.customerA, 0, true);
      // What only a SystemAdministrator may call (accounts, sync), also as one.
      if (ADMIN_OPERATIONS.has(operation.operationId))
        await fuzzOperation(operation, administrator(), 0, true);
    }
    expect(
      [
        findings('requests that changed a built-in prototype (prototype pollution)', pollution),
        findings('5xx answers', fiveXX),
        findings('errors outside the envelope', envelope),
      ]
        .filter(Boolean)
        .join('\n'),
    ).toBe('');
  }, 600000);

  it('no 5xx for whole bodies nested 20,000 arrays and 50,000 objects deep', async () => {
    const before = mark();
    for (const operation of operations().filter((o) => o.body && !AUTH_OPERATIONS.has(o.operationId))) {
      const valid = validRequest(operation, world.managerA);
      for (const body of [
        deepArray(20_000),
        deepObject(50_000),
        new RawJson(`{"data":${deepObject(50_000).text}}`),
      ]) {
        figures.valuesGenerated += 1;
        await send(
          world.managerA,
          operation,
          { ...valid, body: body as never },
          `whole body ${preview(body.text, 40)}`,
        );
      }
    }
    const found = since(before);
    expect(findings('deep bodies answered with a 5xx or outside the envelope', found)).toBe('');
  }, 300000);

  it('no 5xx for cursors holding NUL, lone surrogates or prototype keys', async () => {
    const before = mark();
    for (const operation of operations().filter((o) => o.queryParams.some((p) => p.name === 'cursor'))) {
      const role = operation.operationId === 'ListAccounts' ? null : world.managerA;
      const valid = validRequest(operation, world.managerA);
      const first = await t.request('GET', urlOf(operation, { ...valid, query: { countPerPage: 1 } }), {
        token: role?.token ?? world.admin,
      });
      const real =
        typeof first.body?.nextCursor === 'string'
          ? JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString())
          : { f: 'id', o: 'Ascend', v: 'a', i: 'a' };
      const variants = [
        { ...real, v: typeof real.v === 'number' ? real.v : `${String(real.v)}\u0000` },
        { ...real, v: '\u0000', i: '\u0000' },
        { ...real, i: 'x\u0000y' },
        { ...real, v: '\ud800', i: '\udc00' },
        { ...real, v: { __proto__: null, a: 1 } },
        { ...real, v: [], i: {} },
        JSON.parse(`{"__proto__":{"f":"${String(real.f)}"},"o":"${String(real.o)}","v":"a","i":"a"}`),
        { ...real, f: 'constructor' },
      ];
      for (const cursor of variants) {
        figures.valuesGenerated += 1;
        const encoded = Buffer.from(serialize(cursor), 'utf8').toString('base64url');
        await send(
          role ?? ({ name: 'SystemAdministrator', token: world.admin } as Role),
          operation,
          { ...valid, query: { countPerPage: 1, cursor: encoded } },
          `cursor ${preview(cursor)}`,
        );
      }
    }
    const found = since(before);
    expect(findings('cursors answered with a 5xx or outside the envelope', found)).toBe('');
  }, 120000);

  it('authentication still works after the fuzz: a fresh sign-in, an API key and a session', async () => {
    // Each request that polluted a prototype was followed by a sign-in and an API key request.
    expect(findings('sign-in broken after a hostile request', authBroken)).toBe('');
    const status = {
      'fresh administrator sign-in': await freshAdminLogin(t),
      'API key of the Manager of A on GET /auth/status': (
        await t.request('GET', '/auth/status', { token: world.apiKeyA })
      ).status,
      'bearer token of the Manager of A on GET /endpoints': (
        await t.request('GET', '/endpoints', { token: world.managerA.token })
      ).status,
      'Manager of A signing in again': (
        await t.request('POST', '/auth/credentials', {
          body: { userName: world.managerA.email, password: world.managerA.password },
        })
      ).status,
      'no credentials on GET /endpoints (still refused)': (await t.request('GET', '/endpoints')).status,
    };
    expect(status).toEqual({
      'fresh administrator sign-in': 200,
      'API key of the Manager of A on GET /auth/status': 200,
      'bearer token of the Manager of A on GET /endpoints': 200,
      'Manager of A signing in again': 200,
      'no credentials on GET /endpoints (still refused)': 401,
    });
  });

  it('sign-in and token operations take hostile values without a 5xx', async () => {
    const before = mark();
    for (const operation of operations().filter((o) => AUTH_OPERATIONS.has(o.operationId))) {
      figures.operations += 1;
      await fuzzOperation(operation, world.managerA, 1, true);
    }
    const found = since(before);
    expect(findings('sign-in answers with a 5xx or outside the envelope', found)).toBe('');
  }, 120000);

  it('refuses webhook URLs naming this machine (every loopback spelling) with a 400 naming url', async () => {
    const accepted: string[] = [];
    for (const url of LOOPBACK_URLS) {
      figures.valuesGenerated += 1;
      const response = await t.request('POST', '/webhooks', {
        token: world.managerA.token,
        body: { accountId: world.managerA.accountId, url },
      });
      const fields = (response.body?.responseStatus?.errors ?? []).map((e: { fieldName?: string }) =>
        e.fieldName?.toLowerCase(),
      );
      if (response.status !== 400 || !fields.includes('url'))
        accepted.push(`${url} → ${response.status} ${response.text.slice(0, 200)}`);
    }
    figures.leaks += accepted.length;
    expect(findings('loopback webhook URLs not refused', accepted)).toBe('');
  });
});
