import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../helpers/database';

const READY = /Evo Voice provisioning API on http:\/\/localhost:(\d+)/;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * Starts the service as `npm start` does (src/main.ts, here through ts-node) on a fresh database and
 * returns what it printed until it listened; then stops it.
 */
async function firstStart(database: TestDatabase, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(process.cwd(), 'src/main.ts')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        SEED_DEMO_TENANT: 'true',
        RECONCILER_RUN_AT_STARTUP: 'false',
        WEBHOOK_DISPATCHER_ENABLED: 'false',
        ...database.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 90 s:\n${out}`)), 90000);
      child.stdout.on('data', () => {
        if (READY.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
    });
    const password = /password: {2}(\S+)/.exec(out)?.[1];
    const accountId = /accountId: +(\S+)/.exec(out)?.[1];
    // The printed password signs in, and the printed account is the demo account.
    const login = await fetch(`http://127.0.0.1:${port}/auth/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'admin@example.com', password }),
    });
    expect(login.status).toBe(200);
    const { bearerToken } = (await login.json()) as { bearerToken: string };
    const account = await fetch(`http://127.0.0.1:${port}/accounts/${accountId}`, {
      headers: { authorization: `Bearer ${bearerToken}` },
    });
    expect(((await account.json()) as { name: string }).name).toBe('Demo Account');
    return out;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

/** What a newcomer sees on the first `npm start`: the admin's password and the demo tenant's ids, readably. */
describe('first start output', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database?.drop());

  it('prints the password and the demo ids first, in readable lines, without a line per route', async () => {
    const out = await firstStart(database, { LOG_FORMAT: 'pretty' });
    expect(out).toMatch(
      /First start: created SystemAdministrator\n +user name: admin@example\.com\n +password: {2}\S+\n[^\n]*\n +Demo tenant:\n +accountId: +\S+\n +customerId: +\S+\n +tagId: +\S+\n +flowId: +\S+\n/,
    );
    // Nest's start-up chatter (a line per module and route) is at debug level.
    expect(out).not.toContain('Mapped {');
    expect(out).not.toContain('dependencies initialized');
    // pino-pretty: readable lines, no JSON objects.
    expect(out.split('\n').filter((line) => line.startsWith('{'))).toEqual([]);
    expect(out).toMatch(/INFO.*Seeded demo tenant/);
  }, 120000);

  it('logs JSON lines with LOG_FORMAT=json (production, pipes), the block for people aside', async () => {
    const out = await firstStart(database, { LOG_FORMAT: 'json' });
    const json = out.split('\n').filter((line) => line.startsWith('{'));
    expect(json.map((line) => JSON.parse(line).msg)).toContain('Seeded demo tenant');
    expect(out).not.toContain('Mapped {');
    expect(out).toMatch(/Demo tenant:\n +accountId: +\S+/);
  }, 120000);
});
