import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BatchedDestination } from '../../src/logging/batched-destination';

/** The real destination's side: each write it was given. */
const recorder = () => {
  const writes: string[] = [];
  return { writes, write: (chunk: string) => void writes.push(chunk) };
};
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchedDestination', () => {
  it('writes the lines of one turn of the event loop in one write, in order, at the end of that turn', async () => {
    const target = recorder();
    const destination = new BatchedDestination(target);
    destination.write('{"n":1}\n');
    destination.write('{"n":2}\n');
    await Promise.resolve(); // microtasks of the same turn: still pending
    destination.write('{"n":3}\n');
    expect(target.writes).toEqual([]);
    await nextTurn();
    expect(target.writes).toEqual(['{"n":1}\n{"n":2}\n{"n":3}\n']);
    destination.end();
  });

  it('holds no line past its turn, however quiet: each turn gets its own write', async () => {
    const target = recorder();
    const destination = new BatchedDestination(target);
    destination.write('first\n');
    await nextTurn();
    expect(target.writes).toEqual(['first\n']);
    destination.write('second\n');
    await nextTurn();
    expect(target.writes).toEqual(['first\n', 'second\n']);
    await nextTurn();
    expect(target.writes).toHaveLength(2);
    destination.end();
  });

  it('on end (shutdown) writes what is pending at once, then every later line as it comes', () => {
    const target = recorder();
    const destination = new BatchedDestination(target);
    destination.write('pending 1\n');
    destination.write('pending 2\n');
    destination.end();
    expect(target.writes).toEqual(['pending 1\npending 2\n']);
    destination.write('after\n');
    expect(target.writes).toEqual(['pending 1\npending 2\n', 'after\n']);
  });

  it("writes a turn's lines when the process exits within it", async () => {
    const script =
      "const { BatchedDestination } = require('./src/logging/batched-destination');" +
      "const pino = require('pino');" +
      'const destination = new BatchedDestination(pino.destination({ dest: 1, sync: true }));' +
      "destination.write('one\\n'); destination.write('two\\n');" +
      'process.exit(3);';
    const run = promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      {
        cwd: process.cwd(),
      },
    );
    await expect(run).rejects.toMatchObject({ code: 3, stdout: 'one\ntwo\n' });
  });
});
