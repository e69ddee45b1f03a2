import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

const base64url = (value: object | Buffer): string =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

/** An HS256 token as the service signs them, with the given claims and key. */
function sign(claims: object, key: string): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${unsigned}.${base64url(createHmac('sha256', key).update(unsigned).digest())}`;
}

/**
 * Without JWT_SECRET outside production, the service keeps a generated secret in its data folder (the
 * SQLite file's), so a restart does not sign everyone out; a token it cannot accept gets a 401 that
 * says why.
 */
describe('the development JWT secret', () => {
  let dataDir: string;
  let database: TestDatabase;
  const apps: TestApp[] = [];

  /** The service on the shared database, with no JWT_SECRET and the given data folder. */
  async function boot(folder: string): Promise<TestApp> {
    const app = await startApp({
      database,
      env: {
        JWT_SECRET: undefined,
        // On PostgreSQL the SQLite path names only the data folder; on SQLite it is the database too.
        ...(database.isPostgres ? { SQLITE_PATH: join(folder, 'evovoice.sqlite') } : {}),
      },
    });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'evo-data-'));
    database = process.env.DATABASE_URL
      ? await createTestDatabase()
      : {
          env: { SQLITE_PATH: join(dataDir, 'evovoice.sqlite') },
          isPostgres: false,
          drop: async () => undefined,
        };
  });
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps one secret in the data folder (mode 0600): a token outlives a restart', async () => {
    const first = await boot(dataDir);
    const token = await first.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await first.request('GET', '/accounts', { token })).status).toBe(200);
    await first.close();

    const file = join(dataDir, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim().length).toBeGreaterThanOrEqual(32);

    const second = await boot(dataDir);
    expect((await second.request('GET', '/accounts', { token })).status).toBe(200);
    await second.close();
  });

  it('answers a token it cannot accept with a 401 saying why, and to sign in again', async () => {
    const t = await boot(dataDir);
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
    const token = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as object;
    const past = Math.floor(Date.now() / 1000) - 3600;

    const cases: [string, string, RegExp][] = [
      ['expired', sign({ ...claims, iat: past - 60, exp: past }, secret), /expired.*sign in again/i],
      ['another key', sign(claims, 'x'.repeat(48)), /another key.*sign in again/i],
    ];
    for (const [name, bearer, message] of cases) {
      const answer = await t.request('GET', '/accounts', { token: bearer });
      expect({ name, status: answer.status }).toEqual({ name, status: 401 });
      expect(answer.body.responseStatus.errorCode).toBe('Unauthorized');
      expect(answer.body.responseStatus.message).toMatch(message);
      expect(answer.text).not.toContain(secret);
    }
    // No credentials at all: no hint to give.
    expect((await t.request('GET', '/accounts')).body.responseStatus.message).toBe(
      'Missing or invalid credentials',
    );
    await t.close();
  });
});
