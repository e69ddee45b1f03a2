// Runs `nest build` when dist/ is missing or older than a source file, so that `npm run cli` runs the
// compiled CLI (about a second) instead of compiling TypeScript on every call. Its output goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const built = join(root, 'dist', 'cli.js');

/** The newest modification time of the files under `dir` (recursively). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  newest(join(root, 'src')),
  ...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'].map(
    (file) => statSync(join(root, file)).mtimeMs,
  ),
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  process.stderr.write('Building dist/ (the sources changed since the last build)...\n');
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
    },
  );
  process.exit(build.status ?? 1);
}
