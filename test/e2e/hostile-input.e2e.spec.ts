import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { MAX_NESTING_DEPTH } from '../../src/common/validation/input-shape';
import { createTenant, nextNumber, ok, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

/** The committed contract: every operation, with its body schema. */
const openapi = JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8'));

/** A Struct nested `levels` deep through structValue: `{a: {structValue: {a: {...}}}}`. */
const deepStruct = (levels: number): Record<string, unknown> => {
  let struct: Record<string, unknown> = { a: { stringValue: 'leaf' } };
  for (let i = 1; i < levels; i++) struct = { a: { structValue: struct } };
  return struct;
};

/** The path `data.a.structValue.a.structValue...` of `depth` keys. */
const structPath = (prefix: string, keys: number): string =>
  [prefix, ...Array.from({ length: keys - 1 }, (_, i) => (i % 2 === 0 ? 'a' : 'structValue'))].join('.');

/** Bodies nested far deeper than any walk of them could survive. */
const DEEP_BODIES = {
  '20,000 nested arrays': `{"data": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
  'a 50,000-deep object': `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
  'a Struct 1,000 deep': JSON.stringify({ data: deepStruct(1000) }),
};

describe('hostile input', () => {
  let t: TestApp;
  let tenant: Tenant;
  let endpointId: string;

  beforeAll(async () => {
    t = await startApp({
      env: { RATE_LIMIT_DEFAULT_LIMIT: '1000000', RATE_LIMIT_AUTH_LIMIT: '1000000' },
    });
    tenant = await createTenant(t);
    const endpoint = await ok(
      t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number: nextNumber() },
      }),
    );
    endpointId = endpoint.id;
  });
  afterAll(() => t?.close());

  it('refuses a body nested too deeply with a 400 naming the field, on every body route', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(openapi.paths)) {
      if (path === '/auth/logout' || path.startsWith('/webhooks/twilio')) continue;
      for (const [method, operation] of Object.entries<any>(item)) {
        if (!operation.requestBody) continue;
        const concrete = path.replace(/\{\w+\}/g, endpointId);
        for (const [name, rawBody] of Object.entries(DEEP_BODIES)) {
          for (const contentType of ['application/json', 'text/plain']) {
            sent++;
            const res = await t.request(method.toUpperCase(), concrete, {
              token: tenant.managerToken,
              rawBody,
              headers: { 'content-type': contentType },
            });
            const error = res.body?.responseStatus?.errors?.[0];
            if (res.status !== 400 || error?.errorCode !== 'TooDeep')
              failures.push(`${method} ${path} ${name}: ${res.status} ${res.text.slice(0, 200)}`);
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 120_000);

  it('names the field where the limit is passed, and takes a body right at the limit', async () => {
    // A Struct under `data` (level 1 is the body, level 2 `data`): 2 levels per Struct, plus the Value.
    const deepest = Math.floor((MAX_NESTING_DEPTH - 2) / 2);
    const patch = (body: unknown) =>
      t.request('PATCH', `/endpoints/${endpointId}`, { token: tenant.managerToken, body });
    const atLimit = await patch({ data: deepStruct(deepest) });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.data).toEqual(deepStruct(deepest));

    const over = await patch({ data: deepStruct(deepest + 1) });
    expect(over.status).toBe(400);
    expect(over.body.responseStatus.errors[0]).toMatchObject({
      errorCode: 'TooDeep',
      fieldName: structPath('data', MAX_NESTING_DEPTH),
    });
    const arrays = await t.request('PATCH', `/endpoints/${endpointId}`, {
      token: tenant.managerToken,
      rawBody: `{"tagIds": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(arrays.status).toBe(400);
    expect(arrays.body.responseStatus.errors[0].fieldName).toBe(
      `tagIds${'[0]'.repeat(MAX_NESTING_DEPTH - 1)}`,
    );
  });

  it('refuses deep JSON in a query or form field with a 400 naming it', async () => {
    const before = await ok(t.request('GET', `/endpoints/${endpointId}`, { token: tenant.managerToken }));
    const deep = JSON.stringify(deepStruct(100));
    const filter = await t.request('GET', `/endpoints?flowParametersFilter=${encodeURIComponent(deep)}`, {
      token: tenant.managerToken,
    });
    expect(filter.status).toBe(400);
    expect(filter.body.responseStatus.errors[0].fieldName).toMatch(/^flowParametersFilter\.a\.structValue/);
    const form = await t.request('PATCH', `/endpoints/${endpointId}`, {
      token: tenant.managerToken,
      rawBody: `data=${encodeURIComponent(deep)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(400);
    expect(form.body.responseStatus.errors[0]).toMatchObject({ errorCode: 'TooDeep' });
    expect(form.body.responseStatus.errors[0].fieldName).toMatch(/^data\.a\.structValue/);
    // Nothing was written.
    const after = await ok(t.request('GET', `/endpoints/${endpointId}`, { token: tenant.managerToken }));
    expect(after.data).toEqual(before.data);
  });

  it('refuses a lone surrogate in an email address with a 400 naming it', async () => {
    for (const emailAddress of ['\uD800@example.com', 'a@exa\uDC00mple.com', 'a\uDFFF@b.co']) {
      const res = await t.request('POST', '/users', {
        token: await t.adminToken(),
        body: { accountId: tenant.accountId, emailAddress, password: 'password-123456', roles: ['Manager'] },
      });
      expect({ emailAddress, status: res.status }).toEqual({ emailAddress, status: 400 });
      expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: 'emailAddress' });
    }
  });

  it('refuses null for fields a PATCH cannot clear, with a 400 naming them', async () => {
    const admin = await t.adminToken();
    const cases: [string, Record<string, unknown>, string][] = [
      [`/accounts/${tenant.accountId}`, { name: null }, 'name'],
      [`/accounts/${tenant.accountId}`, { isBYOA: null }, 'isBYOA'],
      [`/tags/${tenant.tagIds[0]}`, { name: null }, 'name'],
      [`/tags/${tenant.tagIds[0]}`, { color: null }, 'color'],
    ];
    for (const [path, body, field] of cases) {
      const res = await t.request('PATCH', path, { token: admin, body });
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: field });
    }
    const account = await ok(t.request('GET', `/accounts/${tenant.accountId}`, { token: admin }));
    expect(account.name).toBe(tenant.accountName);
    expect(account.isBYOA).toBe(false);
    // null still clears what may be cleared.
    const cleared = await t.request('PATCH', `/accounts/${tenant.accountId}`, {
      token: admin,
      body: { maxPhoneNumbers: null },
    });
    expect(cleared.status).toBe(200);
  });

  it('refuses a tag catalogue entry that is not an object with a 400 naming it', async () => {
    for (const tags of [[[]], [null], ['x'], [1]]) {
      const res = await t.request('PATCH', '/system/settings', {
        token: await t.adminToken(),
        body: { accountId: tenant.accountId, tags },
      });
      expect({ tags, status: res.status }).toEqual({ tags, status: 400 });
      expect(res.body.responseStatus.errors[0].fieldName).toMatch(/^tags/);
    }
    const settings = await ok(
      t.request('GET', `/system/settings?accountId=${tenant.accountId}`, { token: await t.adminToken() }),
    );
    expect(settings.tags).toHaveLength(2);
  });

  it('refuses a cursor holding text no row could hold, with a 400 naming cursor', async () => {
    const cursor = (json: unknown) => Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
    const cursors = [
      cursor({ f: 'displayName', o: 'Ascend', v: 'a\u0000b', i: endpointId }),
      cursor({ f: 'displayName', o: 'Ascend', v: 'a', i: 'x\u0000' }),
      cursor({ f: 'displayName', o: 'Ascend', v: 'a\ud800', i: endpointId }),
    ];
    for (const c of cursors) {
      const sortField = JSON.parse(Buffer.from(c, 'base64url').toString()).f;
      const res = await t.request('GET', `/endpoints?sortField=${sortField}&cursor=${c}`, {
        token: tenant.managerToken,
      });
      expect({ c, status: res.status }).toEqual({ c, status: 400 });
      expect(res.body.responseStatus.errors[0]).toMatchObject({ fieldName: 'cursor' });
    }
  });

  it('answers an HTTP/1.1 request without Host with a 400 in the envelope', async () => {
    const port = new URL(t.baseUrl).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toMatchObject({
      responseStatus: { errorCode: 'BadRequest', message: expect.stringContaining('Host') },
    });
  });
});
