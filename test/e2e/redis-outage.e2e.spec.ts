import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { LOG_DESTINATION } from '../../src/logging/logging.module';
import { eventually } from '../helpers/eventually';
import Redis from 'ioredis';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

/** A loopback port nothing listens on (yet). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The relays' connections, to destroy on close; their errors (a peer gone) are expected. */
function connections(): { sockets: Set<Socket>; track(socket: Socket): void } {
  const sockets = new Set<Socket>();
  return {
    sockets,
    track(socket) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    },
  };
}

/**
 * Redis "comes back" on `port`: a TCP relay from it to the local Redis. `acceptAfterMs`: each connection
 * reaches Redis only after that long (a Redis slow to answer).
 */
async function redisOn(port: number, { acceptAfterMs = 0 } = {}): Promise<{ close(): Promise<void> }> {
  const { sockets, track } = connections();
  const server: Server = createServer((client) => {
    track(client);
    client.pause();
    setTimeout(() => {
      if (client.destroyed) return;
      const upstream = connect(6379, '127.0.0.1');
      track(upstream);
      client.pipe(upstream).pipe(client);
    }, acceptAfterMs);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

class LogCapture extends Writable {
  readonly lines: any[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
  warnings(): any[] {
    return this.lines.filter((l) => l.level === 40 && l.context === 'RateLimits');
  }
}

describe('with REDIS_URL pointing at a Redis that is down', () => {
  let t: TestApp;
  let port: number;
  let redis: { close(): Promise<void> } | undefined;
  const logs = new LogCapture();

  beforeAll(async () => {
    port = await closedPort();
    t = await startApp({
      env: {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        REDIS_KEY_PREFIX: `evo-test-${randomBytes(6).toString('hex')}:`,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_DEFAULT_LIMIT: '4',
        RATE_LIMIT_DEFAULT_TTL_MS: '600000',
      },
      overrides: [{ provide: LOG_DESTINATION, useValue: logs }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.close();
  });

  it('stays alive, serves every route, and keeps limiting in memory, warning once', async () => {
    const live = await t.request('GET', '/health/live');
    expect(live.status).toBe(200);
    const token = await t.adminToken();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await t.request('GET', '/accounts', { token })).status);
    // The limits still hold (counted in this instance), rather than failing open.
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.warnings()).toHaveLength(1);
    expect(logs.warnings()[0].msg).toMatch(/Redis is unreachable.*counted in this instance's memory/);
  });

  it('answers liveness outside the rate limits, so that nothing but the process decides it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await t.request('GET', '/health/live')).status);
    expect(statuses).toEqual(Array(6).fill(200));
  });

  it('reports Redis as down in readiness, without taking the instance out of service', async () => {
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.redis).toMatchObject({ status: 'down' });
    expect(ready.body.details.redis.message).toMatch(/rate limits are counted in this instance/);
    expect(ready.body.details.database).toEqual({ status: 'up' });
  });

  it('goes back to Redis once it answers again', async () => {
    redis = await redisOn(port);
    await eventually(async () => {
      const ready = await t.request('GET', '/health/ready');
      return ready.body.details?.redis?.status === 'up' ? true : undefined;
    }, 30000);
    // A fresh budget: the counters are Redis's now, under this test's own key prefix.
    const token = await t.adminToken();
    expect((await t.request('GET', '/accounts', { token })).status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.warnings()).toHaveLength(1);
  });
});

/**
 * A relay to the local Redis that can hold back what the app sends, its connections left open (a hung
 * Redis), and names the commands it held back.
 */
async function freezableRedis(): Promise<{
  port: number;
  freeze(): void;
  thaw(): void;
  /** The commands the app sent while the relay was frozen, by name (`EVAL`, `PING`). */
  heldCommands(): string[];
  close(): Promise<void>;
}> {
  const { sockets, track } = connections();
  const relays: { upstream: Socket; held: Buffer[] }[] = [];
  let frozen = false;
  const held: Buffer[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(6379, '127.0.0.1');
    track(client);
    track(upstream);
    const relay = { upstream, held: [] as Buffer[] };
    relays.push(relay);
    client.on('data', (chunk: Buffer) => {
      if (!frozen) return void upstream.write(chunk);
      relay.held.push(chunk);
      held.push(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const relay of relays) relay.held.splice(0).forEach((chunk) => relay.upstream.write(chunk));
    },
    heldCommands: () =>
      [
        ...Buffer.concat(held)
          .toString('latin1')
          .matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n/g),
      ].map((m) => m[1].toUpperCase()),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('with a Redis that stops answering while connected', () => {
  let t: TestApp;
  let redis: Awaited<ReturnType<typeof freezableRedis>>;
  const logs = new LogCapture();

  beforeAll(async () => {
    redis = await freezableRedis();
    t = await startApp({
      env: {
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        REDIS_KEY_PREFIX: `evo-test-${randomBytes(6).toString('hex')}:`,
        LOG_LEVEL: 'info',
      },
      overrides: [{ provide: LOG_DESTINATION, useValue: logs }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.close();
  });

  it('makes at most one request wait for it, and goes back to it once it answers', async () => {
    const token = await t.adminToken();
    await eventually(async () => {
      const ready = await t.request('GET', '/health/ready');
      return ready.body.details?.redis?.status === 'up' ? true : undefined;
    }, 30000);
    redis.freeze();
    // The first request meets the command timeout (2 s) and is counted in memory; the others are counted in
    // memory without asking Redis: the only other commands are PINGs, one out at a time, to see it answer.
    for (let i = 0; i < 5; i += 1) expect((await t.request('GET', '/accounts', { token })).status).toBe(200);
    const held = redis.heldCommands();
    expect(held.filter((command) => command === 'EVAL')).toHaveLength(1);
    expect(held.every((command) => command === 'EVAL' || command === 'PING')).toBe(true);
    expect(held.filter((command) => command === 'PING').length).toBeGreaterThan(0);

    redis.thaw();
    const back = () => logs.lines.some((l) => l.context === 'RateLimits' && /Redis is back/.test(l.msg));
    await eventually(async () => {
      await t.request('GET', '/accounts', { token });
      return back() ? true : undefined;
    }, 15000);
  }, 40000);
});

describe('with a Redis slow to answer its first connection', () => {
  const prefix = `evo-test-${randomBytes(6).toString('hex')}:`;
  const logs = new LogCapture();
  let t: TestApp;
  let redis: { close(): Promise<void> };
  let direct: Redis;

  beforeAll(async () => {
    const port = await closedPort();
    // Longer than the app takes to boot here, shorter than the connect timeout (2 s).
    redis = await redisOn(port, { acceptAfterMs: 1500 });
    direct = new Redis(6379, '127.0.0.1');
    t = await startApp({
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' },
      overrides: [{ provide: LOG_DESTINATION, useValue: logs }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.close();
    await direct?.quit();
  });

  it('waits for it before serving: the first request is counted in Redis, which every instance shares', async () => {
    const login = await t.request('POST', '/auth/credentials', {
      body: { userName: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
    // The sign-in route's budget for this client, as every instance reads it.
    expect(await direct.get(`${prefix}throttle:AuthController.authenticate:ip:127.0.0.1`)).toBe('1');
    expect(logs.warnings()).toEqual([]);
  });
});
