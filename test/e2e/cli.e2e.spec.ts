import { execFileSync, spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/database';
import { leaveCrashedClaim } from '../factories/crashed-claim';
import { createTenant, nextNumber, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together. */
  out: string;
}

/**
 * The admin CLI as `npm run cli -- ...` runs it: the built `dist/cli.js` (built first, as the npm script
 * does, when the sources are newer), on the app's database; `stdin` is piped in.
 */
function cli(env: Record<string, string>, args: string[], stdin = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      timeout: 120000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, out: stdout + stderr }));
    child.stdin.end(stdin);
  });
}

describe('admin CLI', () => {
  let t: TestApp;
  let tenant: Tenant;
  let env: Record<string, string>;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(process.cwd(), 'scripts', 'build-if-stale.mjs')], {
      stdio: 'inherit',
    });
    // The service remembers no principal, so a session the CLI ends is seen ended at the next request.
    t = await startApp({ env: { AUTH_CACHE_TTL_SECONDS: '0' } });
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
      [
        'create-user',
        '--email',
        email,
        '--role',
        'Manager',
        '--account',
        tenant.accountId,
        '--password-stdin',
      ],
      'cli-password-123\n',
    );
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining(`(${email}, Manager)`) });
    const token = await t.login(email, 'cli-password-123');
    const accounts = await t.request('GET', '/accounts', { token });
    expect(accounts.body.items.map((a: any) => a.id)).toEqual([tenant.accountId]);
  }, 120000);

  it('prints its usage on --help, help or no command, and exits 0', async () => {
    for (const args of [['--help'], ['help'], ['-h'], []]) {
      const result = await cli(env, args);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain('Usage: npm run cli -- <command>');
      for (const command of [
        'create-user',
        'list-users',
        'reset-password',
        'create-api-key',
        'migrate',
        'reconcile',
      ])
        expect(result.stdout).toContain(command);
    }
  }, 120000);

  it('answers an unknown command or option with the usage on stderr and exit code 2', async () => {
    const unknown = await cli(env, ['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^Unknown command: frobnicate\n\nUsage: /);
    const option = await cli(env, ['list-users', '--verbose']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--verbose'");
  }, 120000);

  it('never takes a password as an argument, and says how to give one', async () => {
    const email = `argv-${Date.now()}@test.local`;
    const args = ['create-user', '--email', email, '--role', 'Manager', '--account', tenant.accountId];
    const asArgument = await cli(env, [...args, '--password', 'cli-password-123']);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toContain('--password is not accepted');
    // Not a terminal and no --password-stdin: nothing to prompt on.
    const none = await cli(env, args);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--password-stdin');
    expect(
      (
        await t.request('POST', '/auth/credentials', {
          body: { userName: email, password: 'cli-password-123' },
        })
      ).status,
    ).toBe(401);
  }, 120000);

  it('lists users with their roles and accounts, and no secrets', async () => {
    const result = await cli(env, ['list-users']);
    expect(result.code).toBe(0);
    const line = result.stdout.split('\n').find((l) => l.startsWith(`${tenant.managerEmail}\t`));
    expect(line).toBe(`${tenant.managerEmail}\tManager\t${tenant.accountId} (${tenant.accountName})`);
    expect(result.stdout).toMatch(/^admin@[^\t]+\tSystemAdministrator\t-$/m);
    expect(result.stdout).not.toMatch(/scrypt|\$/);
  }, 120000);

  it('resets a password from standard input: the new one signs in, the old one and its tokens stop working', async () => {
    const email = `reset-${Date.now()}@test.local`;
    expect(
      (
        await cli(
          env,
          [
            'create-user',
            '--email',
            email,
            '--role',
            'Manager',
            '--account',
            tenant.accountId,
            '--password-stdin',
          ],
          'old-password-123\n',
        )
      ).code,
    ).toBe(0);
    const oldToken = await t.login(email, 'old-password-123');
    expect((await t.request('GET', '/accounts', { token: oldToken })).status).toBe(200);

    const result = await cli(
      env,
      ['reset-password', '--email', email, '--password-stdin'],
      'new-password-456\n',
    );
    expect(result).toMatchObject({ code: 0, stdout: `password of ${email} reset; 1 session(s) ended\n` });

    const signIn = (password: string) =>
      t.request('POST', '/auth/credentials', { body: { userName: email, password } });
    expect((await signIn('old-password-123')).status).toBe(401);
    const newToken = await t.login(email, 'new-password-456');
    expect((await t.request('GET', '/accounts', { token: newToken })).status).toBe(200);
    // The session the old password opened is over, and the 401 says so.
    const ended = await t.request('GET', '/accounts', { token: oldToken });
    expect(ended.status).toBe(401);
    expect(ended.body.responseStatus.message).toMatch(/no live session.*password was reset.*sign in again/);
  }, 120000);

  it('refuses to reset the password of an unknown user, or to a password too short', async () => {
    const unknown = await cli(
      env,
      ['reset-password', '--email', 'nobody@test.local', '--password-stdin'],
      'long-enough-1\n',
    );
    expect(unknown).toMatchObject({ code: 1, stderr: 'No user with the email address nobody@test.local\n' });
    const short = await cli(
      env,
      ['reset-password', '--email', tenant.managerEmail, '--password-stdin'],
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('password');
    expect(await t.login(tenant.managerEmail, tenant.password)).toBeTruthy();
  }, 120000);

  it('refuses invalid input, naming the field', async () => {
    const result = await cli(env, ['create-user', '--email', 'x@test.local', '--password-stdin'], 'short\n');
    expect(result.code).toBe(1);
    expect(result.out).toContain('password');
  }, 120000);

  it('creates an API key that acts as its user', async () => {
    const result = await cli(env, [
      'create-api-key',
      '--email',
      tenant.managerEmail,
      '--name',
      'from the CLI',
    ]);
    expect(result.code).toBe(0);
    const key = result.stdout.trim().split('\n').pop()!;
    expect(key).toMatch(/^evk_/);
    const accounts = await t.request('GET', '/accounts', { token: key });
    expect(accounts.status).toBe(200);
    expect(accounts.body.items.map((a: any) => a.id)).toEqual([tenant.accountId]);
  }, 120000);

  it('runs the migrations of a fresh database, once', async () => {
    const fresh = await createTestDatabase();
    try {
      const first = await cli(fresh.env, ['migrate']);
      expect(first.code).toBe(0);
      expect(first.out).toContain('applied InitialSchema1764250000000');
      const second = await cli(fresh.env, ['migrate']);
      expect(second).toMatchObject({ code: 0, out: expect.stringContaining('No pending migrations') });
    } finally {
      await fresh.drop();
    }
  }, 120000);

  it('reconciles: a claim left by a crashed purchase, which the provider never sold, is released', async () => {
    const number = nextNumber();
    const repo = t.app.get(DataSource).getRepository(EndpointEntity);
    await leaveCrashedClaim(t, tenant.accountId, number);
    const result = await cli(env, ['reconcile']);
    expect(result.code).toBe(0);
    const reports = JSON.parse(result.out.slice(result.out.indexOf('[')));
    const mine = reports.find((r: { accountId: string }) => r.accountId === tenant.accountId);
    expect(mine.counts.released).toBe(1);
    expect(await repo.countBy({ phoneNumber: number })).toBe(0);
  }, 120000);
});
