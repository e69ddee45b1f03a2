import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** ARCHITECTURE.md stays true: every file or folder it names exists. */
describe('ARCHITECTURE.md', () => {
  const root = process.cwd();
  const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
  const named = [...new Set([...text.matchAll(/`((?:src|test)\/[^`<>*\s]+)`/g)].map((m) => m[1]))];

  it('names files and folders of the repository', () => {
    expect(named.length).toBeGreaterThan(20);
  });

  it.each(named)('%s exists', (path) => {
    expect(existsSync(join(root, path))).toBe(true);
  });
});
