/**
 * Jest's Node environment, plus one duty at the end of each test file: wait until what the file opened
 * has closed (sockets, servers, child processes, timers), then hand the worker back.
 *
 * Why: a file that closed its app a moment ago may still have keep-alive sockets, a Redis connection or a
 * child process closing. When that file is a worker's last, Jest asks the worker to exit and kills it
 * 500 ms later ("A worker process has failed to exit gracefully and has been force exited"). Waiting here
 * lets every file end clean. Something still open after LEAK_AFTER_MS is not closing: the file fails,
 * naming what is left open, instead of the run ending with that anonymous warning.
 */
const { TestEnvironment } = require('jest-environment-node');

/** How long a file's resources may take to close; `TEST_LEAK_AFTER_MS` shortens it for the environment's own test. */
const LEAK_AFTER_MS = Number(process.env.TEST_LEAK_AFTER_MS) || 10_000;
const POLL_MS = 5;

/** How many of each kind of resource keep the event loop alive (unref'd timers and handles are not counted). */
function liveResources() {
  const counts = new Map();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** The kinds that have more live resources now than at the file's start. */
function opened(since) {
  const now = liveResources();
  return [...now]
    .filter(([kind, count]) => count > (since.get(kind) ?? 0))
    .map(([kind, count]) => `${kind} ×${count - (since.get(kind) ?? 0)}`);
}

/** A readable line for each handle Node reports, for the failure message. */
function describeHandles() {
  return process._getActiveHandles().map((handle) => {
    const kind = handle?.constructor?.name ?? typeof handle;
    if (kind === 'Socket' && handle.remotePort) return `Socket to ${handle.remoteAddress}:${handle.remotePort}`;
    if (kind === 'Server' && handle.address?.()) return `Server on port ${handle.address().port}`;
    if (kind === 'ChildProcess') return `ChildProcess ${(handle.spawnargs ?? []).join(' ').slice(0, 160)}`;
    return kind;
  });
}

class NodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.atStart = liveResources();
  }

  async teardown() {
    await super.teardown();
    const deadline = Date.now() + LEAK_AFTER_MS;
    while (opened(this.atStart).length > 0) {
      if (Date.now() > deadline)
        throw new Error(
          `${this.testPath} left open for ${LEAK_AFTER_MS} ms after its last test: ${opened(this.atStart).join(', ')}` +
            `\n  handles: ${describeHandles().join('; ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS).unref());
    }
  }
}

module.exports = NodeEnvironment;
