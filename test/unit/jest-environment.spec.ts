import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * The suite's test environment (test/helpers/node-environment.cjs) runs a tiny Jest project
 * (test/fixtures/jest-environment/) in a Jest of its own, with two workers, as `npm test` runs the suite.
 */
const PROJECT = join(process.cwd(), 'test', 'fixtures', 'jest-environment');
const ENVIRONMENT = join(process.cwd(), 'test', 'helpers', 'node-environment.cjs');
const FORCED_EXIT = 'A worker process has failed to exit gracefully';

interface JestRun {
  code: number | null;
  output: string;
}

/**
 * A cache of its own for each run: with no timings recorded, Jest runs the two files in two workers (with
 * timings of fast files it would run them in its own process, where no worker has to exit).
 */
async function runJest(
  environment: string,
  files: string[],
  env: Record<string, string> = {},
): Promise<JestRun> {
  const cacheDirectory = mkdtempSync(join(tmpdir(), 'jest-environment-'));
  const jest = join(process.cwd(), 'node_modules', 'jest', 'bin', 'jest.js');
  const child = spawn(
    process.execPath,
    [
      jest,
      '--config',
      join(PROJECT, 'jest.config.cjs'),
      '--testEnvironment',
      environment,
      '--cacheDirectory',
      cacheDirectory,
      '--ci',
      ...files.map((file) => join(PROJECT, file)),
    ],
    { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  rmSync(cacheDirectory, { recursive: true, force: true });
  return { code, output };
}

describe('the test environment', () => {
  // The child outlives its file by 3 s, far past the 500 ms Jest waits for a worker to exit.
  const lingering = { LINGER_MS: '3000' };

  it("reproduces Jest's warning with Node's own environment: a worker's last file still closing a child", async () => {
    const run = await runJest('node', ['slow-child.check.cjs', 'quick.check.cjs'], lingering);
    expect(run.output).toContain(FORCED_EXIT);
  });

  it('waits at the end of each file until what it opened has closed, so every worker exits cleanly', async () => {
    const run = await runJest(ENVIRONMENT, ['slow-child.check.cjs', 'quick.check.cjs'], lingering);
    expect(run.code).toBe(0);
    expect(run.output).toContain('Tests:       2 passed, 2 total');
    expect(run.output).not.toContain(FORCED_EXIT);
  });

  it('fails a file that leaves something open for good, naming what is left', async () => {
    const run = await runJest(ENVIRONMENT, ['leaky-timer.check.cjs', 'quick.check.cjs'], {
      TEST_LEAK_AFTER_MS: '1000',
    });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /leaky-timer\.check\.cjs left open for 1000 ms after its last test: Timeout ×1/,
    );
  });
});
