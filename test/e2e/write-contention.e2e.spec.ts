import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client } from 'pg';
import { createTenant, nextNumber, Tenant } from '../factories/tenant';
import { startApp, TestApp } from '../helpers/test-app';

/**
 * Opens a write transaction on the database from outside the app, as the CLI, a second server or a
 * maintenance script would, and commits it `holdMs` later on its own: SQLite's write lock in another
 * process, PostgreSQL's row locks on every account from another client. (better-sqlite3 waits for a
 * lock by blocking its thread, which is this test's too: the other writer cannot wait for a signal
 * from here.) Resolves once the transaction is open, to the promise of its commit.
 */
async function openOtherWriter(t: TestApp, holdMs: number): Promise<{ committed: Promise<void> }> {
  const sqlitePath = t.database.env.SQLITE_PATH;
  if (sqlitePath) {
    const script = `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.exec('BEGIN IMMEDIATE');
      db.exec('UPDATE "accounts" SET "name" = "name"');
      process.stdout.write('open\\n');
      setTimeout(() => { db.exec('COMMIT'); process.exit(0); }, Number(process.argv[2]));`;
    const child = spawn(process.execPath, ['-e', script, sqlitePath, String(holdMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    await once(child.stdout, 'data');
    return {
      committed: exited.then(([code]) => {
        if (code !== 0) throw new Error(`the other writer exited with ${String(code)}`);
      }),
    };
  }
  const client = new Client({ connectionString: t.database.env.DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  await client.query('UPDATE "accounts" SET "name" = "name"');
  const committed = new Promise((resolve) => setTimeout(resolve, holdMs))
    .then(() => client.query('COMMIT'))
    .then(() => client.end());
  return { committed };
}

describe('writes while another process writes to the database', () => {
  let t: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
  }, 60000);
  afterAll(() => t?.close());

  it('a buy arriving during the other transaction waits for it, then succeeds', async () => {
    // The buy reads what it checks and waits to write; the other transaction commits meanwhile.
    const other = await openOtherWriter(t, 500);
    const number = nextNumber();
    const res = await t.request('POST', '/endpoints/phone-numbers', {
      token: tenant.managerToken,
      body: { accountId: tenant.accountId, number, isVirtualPhoneNumber: true },
    });
    await other.committed;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountId: tenant.accountId, phoneNumber: number });
    const found = await t.request('GET', `/endpoints/${res.body.id}`, { token: tenant.managerToken });
    expect(found.status).toBe(200);
  });
});
