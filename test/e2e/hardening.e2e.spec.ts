import { createTenant, nextNumber, Tenant } from '../factories/tenant';
import { GatedSandboxProvider } from '../helpers/gated-provider';
import { startApp, TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/eventually';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { operationsConfig, type OperationsConfig } from '../../src/config/operations.config';

describe('HTTP hardening', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ env: { BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t?.close());

  it('sends security headers on API responses', async () => {
    const res = await t.request('GET', '/health/live');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('sends no CORS headers when CORS_ORIGINS is not set, not even to a browser', async () => {
    const res = await t.request('GET', '/health/live', { headers: { origin: 'https://app.example.com' } });
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    expect(res.headers.get('vary')).toBeNull();
  });

  it('refuses a body over BODY_LIMIT_BYTES with a 413 envelope', async () => {
    const res = await t.request('POST', '/auth/credentials', {
      body: { userName: 'someone@test.local', password: 'x'.repeat(4096) },
    });
    expect(res.status).toBe(413);
    expect(res.body.responseStatus.errorCode).toBe('RequestEntityTooLarge');
  });
});

describe('request timeout and graceful shutdown', () => {
  let t: TestApp;
  let tenant: Tenant;
  const provider = new GatedSandboxProvider();
  let closed = false;

  beforeAll(async () => {
    t = await startApp({ provider });
    tenant = await createTenant(t);
  }, 60000);
  afterAll(async () => {
    provider.releaseAll();
    if (!closed) await t?.app.close();
    await t?.database.drop();
  });

  it('answers 503 RequestTimeout when a handler takes longer than REQUEST_TIMEOUT_MS', async () => {
    // Sign-ins take a while on a busy machine, so the short timeout is set only now (the interceptor reads
    // it per request); the purchase waits at its gate, so the handler always outlasts it.
    const ops = t.app.get<OperationsConfig>(operationsConfig.KEY);
    const previous = ops.requestTimeoutMs;
    ops.requestTimeoutMs = 1000;
    const number = nextNumber();
    try {
      const res = await t.request('POST', '/endpoints/phone-numbers', {
        token: tenant.managerToken,
        body: { number },
      });
      expect(res.status).toBe(503);
      expect(res.body.responseStatus).toMatchObject({ errorCode: 'RequestTimeout' });
    } finally {
      ops.requestTimeoutMs = previous;
    }
    // The work itself was not cancelled: once the provider answers, the number is recorded.
    provider.release(number);
    const stored = await eventually(async () => {
      const row = await t.app
        .get(DataSource)
        .getRepository(EndpointEntity)
        .findOneBy({ phoneNumber: number });
      return row?.status === 'active' ? row : undefined;
    });
    expect(stored.phoneNumberSid).toMatch(/^PN/);
  }, 60000);

  it('lets an in-flight request finish when shutting down, then closes', async () => {
    // Its purchase waits at the gate until shutdown has begun.
    const number = nextNumber();
    const inFlight = t.request('POST', '/endpoints/phone-numbers', {
      token: tenant.managerToken,
      body: { number, isVirtualPhoneNumber: false },
      headers: { connection: 'close' },
    });
    const early = await Promise.race([provider.purchaseStarted(number), inFlight]);
    expect(early).toBeUndefined(); // the purchase is waiting, the request is not answered yet
    const closing = t.app.close();
    provider.release(number);
    const res = await inFlight;
    await closing;
    closed = true;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phoneNumber: number });
    expect(res.body.phoneNumberSid).toMatch(/^PN/);
  });
});
