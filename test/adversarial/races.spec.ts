import type { ApiResponse, TestApp } from '../helpers/test-app';
import { checkIntegrity, IntegrityReport } from './lib/integrity';
import { RUNS } from './lib/hostile';
import { answerProblem, findings, recordFigures, recordFindings } from './lib/report';
import { buyVirtual, create, freshNumber, startAdversarialApp, World, buildWorld } from './lib/world';

/** Rounds of each race: 3 in CI, `ADVERSARIAL_RUNS` when more are asked for. */
const ROUNDS = Math.max(3, RUNS);

describe('adversarial: races on the real database leave it whole', () => {
  let t: TestApp;
  let world: World;
  let token: string;
  let accountId: string;
  const figures = {
    racesRun: 0,
    requests: 0,
    fiveXX: 0,
    leaks: 0,
    cycles: 0,
    pathMismatches: 0,
    danglingReferences: 0,
    duplicateEvents: 0,
  };
  /** Every race's findings in full, for `test-results`. */
  const allFindings: Record<string, string[]> = {};
  /** Integrity findings already reported by an earlier race (each is charged to the race that made it). */
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await startAdversarialApp();
    world = await buildWorld(t);
    token = world.managerA.token;
    accountId = world.managerA.accountId;
  }, 120000);
  afterAll(async () => {
    if (t) {
      const report = await checkIntegrity(world.db);
      Object.assign(figures, {
        cycles: report.cycles.length,
        pathMismatches: report.pathMismatches.length,
        danglingReferences: report.dangling.length,
        duplicateEvents: report.duplicateEvents.length,
        leaks: report.crossTenant.length,
      });
      recordFigures('races', t.database.isPostgres, figures);
      recordFindings('races', t.database.isPostgres, { ...allFindings, ...report });
    }
    await t?.close();
  });

  const request = (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    figures.requests += 1;
    return t.request(method, path, { token, body });
  };

  /** Runs the requests at once; answers their statuses, and any answer outside `allowed` as a problem. */
  async function race(
    label: string,
    allowed: number[],
    requests: (() => Promise<ApiResponse>)[],
    problems: string[],
  ) {
    figures.racesRun += 1;
    const responses = await Promise.all(requests.map((send) => send()));
    for (const [i, response] of responses.entries()) {
      const problem = answerProblem(response);
      if (response.status >= 500) figures.fiveXX += 1;
      if (problem || !allowed.includes(response.status))
        problems.push(
          `${label}, request ${i + 1}: ${response.status} (allowed: ${allowed.join('/')}) ${problem ?? response.text.slice(0, 200)}`,
        );
    }
    return responses.map((r) => r.status);
  }

  /** The integrity findings no earlier race was charged with. */
  async function newIntegrityFindings(label: string): Promise<string[]> {
    const report: IntegrityReport = await checkIntegrity(world.db);
    const all = [
      ...report.dangling.map((f) => `dangling: ${f}`),
      ...report.crossTenant.map((f) => `across tenants: ${f}`),
      ...report.cycles.map((f) => `cycle: ${f}`),
      ...report.pathMismatches.map((f) => `path: ${f}`),
      ...report.duplicateEvents.map((f) => `events: ${f}`),
    ];
    const fresh = all.filter((f) => !seen.has(f));
    fresh.forEach((f) => seen.add(f));
    return fresh.map((f) => `after ${label}: ${f}`);
  }

  async function deletedEvents(endpointId: string): Promise<number> {
    const param = world.db.options.type === 'postgres' ? '$1' : '?';
    const rows = await world.db.query(
      `SELECT "id" FROM "outbox_events" WHERE "type" = 'endpoint.deleted' AND "payload" LIKE ${param}`,
      [`%${endpointId}%`],
    );
    return rows.length;
  }

  it('five concurrent DELETEs of one endpoint: exactly one succeeds, the rest 404, one endpoint.deleted event', async () => {
    const problems: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const endpoint = await buyVirtual(t, token, accountId);
      const label = `round ${round}: 5 × DELETE /endpoints/${endpoint.id}`;
      const statuses = await race(
        label,
        [200, 204, 404],
        Array.from({ length: 5 }, () => () => request('DELETE', `/endpoints/${endpoint.id}`)),
        problems,
      );
      const wins = statuses.filter((s) => s === 200 || s === 204).length;
      if (wins !== 1)
        problems.push(`${label}: ${wins} succeeded (${statuses.join(', ')}), expected exactly one`);
      const events = await deletedEvents(endpoint.id);
      if (events !== 1) problems.push(`${label}: ${events} endpoint.deleted events, expected one`);
      problems.push(...(await newIntegrityFindings(label)));
    }
    allFindings['concurrent deletes'] = problems;
    expect(findings('concurrent deletes', problems)).toBe('');
  });

  it('DELETE racing PATCH and the fax switch of one endpoint answers only 2xx, 404 or 409', async () => {
    const problems: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const endpoint = await buyVirtual(t, token, accountId);
      const label = `round ${round}: DELETE ∥ PATCH ∥ fax switch of ${endpoint.id}`;
      await race(
        label,
        [200, 204, 404, 409],
        [
          () => request('PATCH', `/endpoints/${endpoint.id}`, { displayName: `renamed ${round}` }),
          () => request('PATCH', `/phone-numbers/${endpoint.id}/fax`, { isFax: true }),
          () => request('DELETE', `/endpoints/${endpoint.id}`),
          () => request('PATCH', `/phone-numbers/${endpoint.id}/fax`, { isFax: false }),
          () =>
            request('PATCH', `/endpoints/${endpoint.id}`, {
              tagIds: world.managerA.ownTags.map((tag) => tag.id),
            }),
          () => request('DELETE', `/endpoints/${endpoint.id}`),
        ],
        problems,
      );
      const events = await deletedEvents(endpoint.id);
      if (events !== 1) problems.push(`${label}: ${events} endpoint.deleted events, expected one`);
      problems.push(...(await newIntegrityFindings(label)));
    }
    allFindings['delete against patch'] = problems;
    expect(findings('delete against patch', problems)).toBe('');
  });

  it('concurrent moves of two customers under each other (or each other’s children) make no cycle and keep paths right', async () => {
    const problems: string[] = [];
    const customer = async (name: string, parentCustomerId?: string) =>
      (await create(t, token, '/customers', { accountId, name: `${name} ${Date.now()}`, parentCustomerId }))
        .id as string;
    for (let round = 1; round <= ROUNDS; round++) {
      const x = await customer('X');
      const y = await customer('Y');
      // Odd rounds: X under Y and Y under X. Even rounds: each under the other's child (a longer cycle).
      const [xTarget, yTarget] =
        round % 2 ? [y, x] : [await customer('Y child', y), await customer('X child', x)];
      const label = `round ${round}: PATCH ${x} under ${xTarget} ∥ PATCH ${y} under ${yTarget}`;
      await race(
        label,
        [200, 400, 409],
        [
          () => request('PATCH', `/customers/${x}`, { parentCustomerId: xTarget }),
          () => request('PATCH', `/customers/${y}`, { parentCustomerId: yTarget }),
        ],
        problems,
      );
      problems.push(...(await newIntegrityFindings(label)));
    }
    allFindings['concurrent moves'] = problems;
    expect(findings('concurrent moves', problems)).toBe('');
  });

  it('creating endpoints, child customers and tag links while their customer, flow or tag is deleted leaves no dangling reference', async () => {
    const problems: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const k = (await create(t, token, '/customers', { accountId, name: `K ${round} ${Date.now()}` }))
        .id as string;
      let label = `round ${round}: DELETE /customers/${k} ∥ buy under it ∥ child customer under it`;
      await race(
        label,
        [200, 204, 400, 404, 409],
        [
          () => request('DELETE', `/customers/${k}`),
          () =>
            request('POST', '/endpoints/phone-numbers', {
              accountId,
              customerId: k,
              number: freshNumber(),
              isVirtualPhoneNumber: true,
            }),
          () => request('POST', '/customers', { accountId, name: `child ${round}`, parentCustomerId: k }),
        ],
        problems,
      );
      problems.push(...(await newIntegrityFindings(label)));

      const flow = (await create(t, token, '/flows', { accountId, name: `F ${round} ${Date.now()}` }))
        .id as string;
      const endpoint = await buyVirtual(t, token, accountId);
      label = `round ${round}: DELETE /flows/${flow}?detach=true ∥ buy with it ∥ PATCH an endpoint onto it`;
      await race(
        label,
        [200, 204, 400, 404, 409],
        [
          () => request('DELETE', `/flows/${flow}?detach=true`),
          () =>
            request('POST', '/endpoints/phone-numbers', {
              accountId,
              flowId: flow,
              number: freshNumber(),
              isVirtualPhoneNumber: true,
            }),
          () => request('PATCH', `/endpoints/${endpoint.id}`, { flowId: flow }),
        ],
        problems,
      );
      problems.push(...(await newIntegrityFindings(label)));

      const tag = (
        await create(t, token, '/tags', { accountId, name: `T ${round} ${Date.now()}`, color: 'Red' })
      ).id as string;
      label = `round ${round}: DELETE /tags/${tag} ∥ buy with it ∥ PATCH an endpoint's tags ∥ PATCH a customer's tags`;
      await race(
        label,
        [200, 204, 400, 404, 409],
        [
          () => request('DELETE', `/tags/${tag}`),
          () =>
            request('POST', '/endpoints/phone-numbers', {
              accountId,
              tagIds: [tag],
              number: freshNumber(),
              isVirtualPhoneNumber: true,
            }),
          () => request('PATCH', `/endpoints/${endpoint.id}`, { tagIds: [tag] }),
          () => request('PATCH', `/customers/${world.managerA.own.customer}`, { tagIds: [tag] }),
        ],
        problems,
      );
      problems.push(...(await newIntegrityFindings(label)));
    }
    allFindings['creations against deletes'] = problems;
    expect(findings('creations against deletes', problems)).toBe('');
  });

  it('five concurrent buys of one number: exactly one wins, the rest 409, one endpoint holds it', async () => {
    const problems: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const number = freshNumber();
      const label = `round ${round}: 5 × buy ${number}`;
      const statuses = await race(
        label,
        [200, 409],
        Array.from(
          { length: 5 },
          () => () => request('POST', '/endpoints/phone-numbers', { accountId, number }),
        ),
        problems,
      );
      const wins = statuses.filter((s) => s === 200).length;
      const param = world.db.options.type === 'postgres' ? '$1' : '?';
      const [{ count }] = await world.db.query(
        `SELECT COUNT(*) AS "count" FROM "endpoints" WHERE "phoneNumber" = ${param}`,
        [number],
      );
      if (wins !== 1 || Number(count) !== 1)
        problems.push(
          `${label}: ${wins} answered 200 (${statuses.join(', ')}), ${String(count)} endpoints hold it; expected one and one`,
        );
      problems.push(...(await newIntegrityFindings(label)));
    }
    allFindings['concurrent buys'] = problems;
    expect(findings('concurrent buys', problems)).toBe('');
  });

  it('the database is whole at the end: no dangling reference, no reference across tenants, no cycle, paths right, one event per change', async () => {
    const report = await checkIntegrity(world.db);
    expect(
      [
        findings('dangling references', report.dangling),
        findings('references across tenants', report.crossTenant),
        findings('customer cycles', report.cycles),
        findings('stored paths that differ from the parents', report.pathMismatches),
        findings('duplicate events', report.duplicateEvents),
      ]
        .filter(Boolean)
        .join('\n'),
    ).toBe('');
  });
});
