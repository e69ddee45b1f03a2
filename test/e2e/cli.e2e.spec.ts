import { execFile } from 'node:child_process';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '../helpers/database';
import { leaveCrashedClaim } from '../factories/crashed-claim';
import { createTenant, nextNumber, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

const run = promisify(execFile);

/** The admin CLI as an operator runs it (`npm run cli -- ...`: ts-node on src/cli.ts), on the app's database. */
async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(process.cwd(), 'src/cli.ts'), ...args],
      {
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
        timeout: 120000,
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('admin CLI', () => {
  let t: TestApp;
  let tenant: Tenant;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    env = {
      ...t.database.env,
      JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123',
      BOOTSTRAP_ADMIN_PASSWORD: 'unused-bootstrap-password',
    };
  });
  afterAll(() => t?.close());

  it('creates a user who can then sign in', async () => {
    const email = `cli-${Date.now()}@test.local`;
    const result = await cli(
      env,
      'create-user',
      '--email',
      email,
      '--password',
      'cli-password-123',
      '--role',
      'Manager',
      '--account',
      tenant.accountId,
    );
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining(`(${email}, Manager)`) });
    const token = await t.login(email, 'cli-password-123');
    const accounts = await t.request('GET', '/accounts', { token });
    expect(accounts.body.items.map((a: any) => a.id)).toEqual([tenant.accountId]);
  }, 120000);

  it('refuses invalid input, naming the field', async () => {
    const result = await cli(env, 'create-user', '--email', 'x@test.local', '--password', 'short');
    expect(result.code).toBe(1);
    expect(result.out).toContain('password');
  }, 120000);

  it('creates an API key that acts as its user', async () => {
    const result = await cli(env, 'create-api-key', '--email', tenant.managerEmail, '--name', 'from the CLI');
    expect(result.code).toBe(0);
    const key = result.out.trim().split('\n').pop()!;
    expect(key).toMatch(/^evk_/);
    const accounts = await t.request('GET', '/accounts', { token: key });
    expect(accounts.status).toBe(200);
    expect(accounts.body.items.map((a: any) => a.id)).toEqual([tenant.accountId]);
  }, 120000);

  it('runs the migrations of a fresh database, once', async () => {
    const fresh = await createTestDatabase();
    try {
      const first = await cli(fresh.env, 'migrate');
      expect(first.code).toBe(0);
      expect(first.out).toContain('applied InitialSchema1764250000000');
      const second = await cli(fresh.env, 'migrate');
      expect(second).toMatchObject({ code: 0, out: expect.stringContaining('No pending migrations') });
    } finally {
      await fresh.drop();
    }
  }, 120000);

  it('reconciles: a claim left by a crashed purchase, which the provider never sold, is released', async () => {
    const number = nextNumber();
    const repo = t.app.get(DataSource).getRepository(EndpointEntity);
    await leaveCrashedClaim(t, tenant.accountId, number);
    const result = await cli(env, 'reconcile');
    expect(result.code).toBe(0);
    const reports = JSON.parse(result.out.slice(result.out.indexOf('[')));
    const mine = reports.find((r: { accountId: string }) => r.accountId === tenant.accountId);
    expect(mine.counts.released).toBe(1);
    expect(await repo.countBy({ phoneNumber: number })).toBe(0);
  }, 120000);
});
