import { Writable } from 'node:stream';
import { createTenant, Tenant } from '../factories/tenant';
import { ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';
import { AppLogger } from '../../src/logging/app-logger';
import { LOG_DESTINATION } from '../../src/logging/logging.module';
import { FlowsService } from '../../src/flows/flows.service';

/** The real FlowsService, whose ListFlows fails the way a bug would: a plain TypeError. */
class BrokenFlowsService extends FlowsService {
  override list(): never {
    throw new TypeError("Cannot read properties of undefined (reading 'flowId')");
  }
}

/** Collects the JSON log lines the app writes. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  entries(): any[] {
    return this.lines.map((l) => JSON.parse(l));
  }
  requestLine(requestId: string): any {
    return this.entries().find((e) => e.req?.id === requestId && e.res);
  }
}

/** Log lines are written at the end of the event loop's turn they were logged in (BatchedDestination). */
const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('structured request logs', () => {
  let t: TestApp;
  let tenant: Tenant;
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await startApp({
      env: { LOG_LEVEL: 'info' },
      overrides: [
        { provide: LOG_DESTINATION, useValue: logs },
        { provide: FlowsService, useClass: BrokenFlowsService },
      ],
    });
    // As `createApp` does: Nest's loggers (the error filter's among them) write through pino.
    t.app.useLogger(t.app.get(AppLogger));
    tenant = await createTenant(t);
  }, 60000);
  afterAll(() => t?.close());

  it('writes one JSON line per request with its id, caller, status and duration', async () => {
    const res = await t.request('GET', '/accounts', {
      token: tenant.managerToken,
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
    const lines = logs.entries().filter((e) => e.req?.id === 'trace-abc-123' && e.res);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      req: { method: 'GET', url: '/accounts' },
      res: { statusCode: 200 },
      caller: { authMethod: 'jwt' },
    });
    expect(typeof lines[0].caller.userId).toBe('string');
    expect(typeof lines[0].responseTime).toBe('number');
  });

  it('generates a request id when none (or a malformed one) is given, and echoes it', async () => {
    const res = await t.request('GET', '/health/live', { headers: { 'x-request-id': 'bad id with spaces' } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.requestLine(id!)).toMatchObject({ res: { statusCode: 200 } });
  });

  it('logs failures with their status and without a caller when there is none', async () => {
    const res = await t.request('GET', '/accounts', { headers: { 'x-request-id': 'anon-401' } });
    expect(res.status).toBe(401);
    const line = logs.requestLine('anon-401');
    expect(line.res.statusCode).toBe(401);
    expect(line.caller).toBeUndefined();
  });

  it('redacts credentials in headers and query strings', async () => {
    const apiKey = await t.request('POST', '/auth/api-keys', {
      token: tenant.managerToken,
      body: { name: 'logging test' },
    });
    const key = apiKey.body.key as string;
    await t.request('GET', '/accounts?apiKey=query-secret-value&x=1', {
      token: key,
      headers: {
        'x-request-id': 'redaction-1',
        cookie: 'ss-id=cookie-secret-value',
        token: 'token-header-secret-value',
        'x-trace': 'not-a-secret',
      },
    });
    await t.request('POST', '/auth/credentials', {
      body: { userName: 'admin@test.local', password: ADMIN_PASSWORD },
      headers: { 'x-request-id': 'redaction-2' },
    });
    const line = logs.requestLine('redaction-1');
    expect(line.req.headers.authorization).toBe('[Redacted]');
    expect(line.req.headers.cookie).toBe('[Redacted]');
    expect(line.req.headers.token).toBe('[Redacted]');
    expect(line.req.headers['x-trace']).toBe('not-a-secret');
    expect(line.req.url).toBe('/accounts?apiKey=[Redacted]&x=1');
    const all = logs.lines.join('\n');
    for (const secret of [
      key,
      tenant.managerToken,
      'cookie-secret-value',
      'token-header-secret-value',
      'query-secret-value',
      ADMIN_PASSWORD,
    ])
      expect(all).not.toContain(secret);
  });

  it('redacts every query parameter and header named like a secret, whatever its exact name', async () => {
    const query = [
      'password=query-secret-1',
      'ss-tok=query-secret-2',
      'ss-id=query-secret-3',
      'authsecret=query-secret-4',
      'jwt=query-secret-5',
      'pass%77ord=query-secret-6', // "password", percent-encoded
      'NewPassword=query-secret-7',
      'access_token=query-secret-8',
      'accountId=kept-1',
      'keys=kept-2',
    ].join('&');
    const res = await t.request('GET', `/health/live?${query}`, {
      headers: {
        'x-request-id': 'redaction-by-name',
        'x-auth-token': 'header-secret-1',
        'api-key': 'header-secret-2',
        'x-access-token': 'header-secret-3',
        'x-refresh-token': 'header-secret-4',
        'x-client-secret': 'header-secret-5',
        'x-trace': 'kept-3',
        'idempotency-key': 'kept-4',
      },
    });
    expect(res.status).toBe(200);
    const line = logs.requestLine('redaction-by-name');
    expect(line.req.url).toBe(
      '/health/live?password=[Redacted]&ss-tok=[Redacted]&ss-id=[Redacted]&authsecret=[Redacted]' +
        '&jwt=[Redacted]&pass%77ord=[Redacted]&NewPassword=[Redacted]&access_token=[Redacted]' +
        '&accountId=kept-1&keys=kept-2',
    );
    for (const name of ['x-auth-token', 'api-key', 'x-access-token', 'x-refresh-token', 'x-client-secret'])
      expect(line.req.headers[name]).toBe('[Redacted]');
    expect(line.req.headers['x-trace']).toBe('kept-3');
    expect(line.req.headers['idempotency-key']).toBe('kept-4');
    expect(logs.lines.join('\n')).not.toMatch(/query-secret|header-secret/);
  });

  it("quotes an unexpected error's request id as its correlation id, logged with the stack", async () => {
    const res = await t.request('GET', '/flows?apiKey=query-secret-in-a-500', {
      token: tenant.managerToken,
      headers: { 'x-request-id': 'broken-1' },
    });
    expect(res.status).toBe(500);
    expect(res.body.responseStatus).toMatchObject({
      errorCode: 'InternalServerError',
      message: 'An unexpected error occurred (correlation id broken-1).',
      meta: { correlationId: 'broken-1' },
    });
    expect(res.headers.get('x-request-id')).toBe('broken-1');
    // The stack, under the id the client was given; the request line at error level, its URL redacted.
    const error = logs.entries().find((e) => e.msg === 'Unhandled error broken-1');
    expect(error).toMatchObject({ level: 50, context: 'Errors' });
    expect(error.err.stack).toContain("TypeError: Cannot read properties of undefined (reading 'flowId')");
    expect(logs.requestLine('broken-1')).toMatchObject({
      level: 50,
      req: { url: '/flows?apiKey=[Redacted]' },
      res: { statusCode: 500 },
    });
    expect(logs.lines.join('\n')).not.toContain('query-secret-in-a-500');
  });

  it('names the request on the lines the app logs while handling it, beside its request line', async () => {
    const res = await t.request('GET', '/flows', {
      token: tenant.managerToken,
      headers: { 'x-request-id': 'broken-2' },
    });
    expect(res.status).toBe(500);
    // Every line of the request is found by its id: the error's, and the request's own.
    const lines = logs.entries().filter((e) => e.req?.id === 'broken-2');
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'Unhandled error broken-2', level: 50, context: 'Errors' }),
      expect.objectContaining({ res: { statusCode: 500 } }),
    ]);
    expect(lines[0].err.stack).toContain('TypeError');
    expect(lines[0].params).toBeUndefined();
  });

  it("logs the app's messages with their level and context, and Nest's errors with their stack", async () => {
    const logger = t.app.get(AppLogger);
    logger.warn('a warning', 'Provisioner');
    logger.error('it broke', 'Error: it broke\n    at somewhere (file.ts:1:1)', 'ExceptionsHandler');
    await endOfTurn();
    expect(logs.entries().find((e) => e.msg === 'a warning')).toMatchObject({
      level: 40,
      context: 'Provisioner',
    });
    const failure = logs.entries().find((e) => e.msg === 'it broke');
    expect(failure).toMatchObject({ level: 50, context: 'ExceptionsHandler' });
    expect(failure.err.stack).toContain('at somewhere');
  });

  it('redacts passwords, tokens, API keys and Twilio auth tokens in anything the app logs', async () => {
    t.app.get(AppLogger).log(
      {
        user: { password: 'pw-secret-1', apiKey: 'evk_secret-2' },
        account: { twilioAuthToken: 'twilio-secret-3' },
        refreshToken: 'refresh-secret-4',
        note: 'kept',
      },
      'redaction check',
    );
    await endOfTurn();
    const line = logs.entries().find((e) => e.context === 'redaction check');
    expect(line).toMatchObject({
      user: { password: '[Redacted]', apiKey: '[Redacted]' },
      account: { twilioAuthToken: '[Redacted]' },
      refreshToken: '[Redacted]',
      note: 'kept',
    });
    expect(logs.lines.join('\n')).not.toMatch(/pw-secret-1|evk_secret-2|twilio-secret-3|refresh-secret-4/);
  });
});

describe('logs at shutdown', () => {
  it('writes out what is pending when the app shuts down, and any line logged after that at once', async () => {
    const logs = new LogCapture();
    const t = await startApp({
      env: { LOG_LEVEL: 'info' },
      overrides: [{ provide: LOG_DESTINATION, useValue: logs }],
    });
    const logger = t.app.get(AppLogger);
    logger.log('logged just before shutdown', 'Shutdown');
    // Nest re-raises SIGTERM once its shutdown hooks are done, ending the process before another turn.
    await t.close();
    logger.log('logged after shutdown', 'Shutdown');
    expect(
      logs
        .entries()
        .filter((e) => e.context === 'Shutdown')
        .map((e) => e.msg),
    ).toEqual(['logged just before shutdown', 'logged after shutdown']);
  });
});
