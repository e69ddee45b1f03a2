import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authConfig } from '../../src/config/auth.config';

/** The development JWT secret with an in-memory SQLite database, which has no data folder. */
describe('the development JWT secret with SQLITE_PATH=:memory:', () => {
  const saved = { ...process.env };
  const cwd = process.cwd();
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'evo-cwd-'));
    process.chdir(folder);
    process.env = { ...saved, NODE_ENV: 'development', SQLITE_PATH: ':memory:' };
    delete process.env.JWT_SECRET;
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    process.chdir(cwd);
    process.env = saved;
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes no secret into the working folder (a checkout, where it could be committed)', () => {
    const { jwtSecret } = authConfig();
    expect(jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(existsSync(join(folder, 'jwt-secret'))).toBe(false);
  });
});
