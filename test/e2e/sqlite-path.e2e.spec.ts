import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The service as an operator starts it (src/main.ts, through ts-node), on an unusable SQLITE_PATH. It must
 * exit (non-zero, with a message naming the variable and the path) rather than hang: a test that waited
 * for a hung process would stop at the timeout and fail.
 */
function start(sqlitePath: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(process.cwd(), 'src/main.ts')],
      {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          HOST: '127.0.0.1',
          PORT: '0',
          SQLITE_PATH: sqlitePath,
        },
        timeout: 60000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, out: stdout + stderr }),
    );
  });
}

describe('an unusable SQLITE_PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evo-sqlite-path-'));
  const regularFile = join(dir, 'regular-file');
  const notADatabase = join(dir, 'not-a-database.sqlite');
  writeFileSync(regularFile, 'a regular file\n');
  writeFileSync(
    notADatabase,
    'this is not an SQLite database, just some text long enough to have a header\n',
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['a directory', dir],
    ['a path under a regular file', join(regularFile, 'evovoice.sqlite')],
    ['a file that is not an SQLite database', notADatabase],
  ])('stops the start with a message naming it: %s', async (_what, sqlitePath) => {
    const { code, out } = await start(sqlitePath);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull(); // null: killed at the timeout, i.e. it hung
    expect(out).toContain(`SQLITE_PATH ${sqlitePath}`);
    expect(out).not.toContain('Nest application successfully started');
  });
});
