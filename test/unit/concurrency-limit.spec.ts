import { ConcurrencyLimit, PasswordHashingBusyError } from '../../src/security/password';

/** A task that runs until the test ends it. */
function gate(): { task: () => Promise<string>; started: () => boolean; end: (fail?: boolean) => void } {
  let started = false;
  let finish!: (fail?: boolean) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = (fail) => (fail ? reject(new Error('task failed')) : resolve('done'));
  });
  return {
    task: () => {
      started = true;
      return done;
    },
    started: () => started,
    end: (fail) => finish(fail),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the bound on concurrent password hashing', () => {
  it('runs at most two at a time, queues a few in order, and refuses the rest at once', async () => {
    const limit = new ConcurrencyLimit(2, 2);
    const tasks = [gate(), gate(), gate(), gate(), gate()];
    const results = tasks.map((g) =>
      limit.run(g.task).then(
        (value) => value,
        (error: unknown) => error,
      ),
    );
    await settle();
    expect(tasks.map((g) => g.started())).toEqual([true, true, false, false, false]);
    // The fifth found the queue full: refused without running.
    expect(await results[4]).toBeInstanceOf(PasswordHashingBusyError);
    expect((await results[4]) as PasswordHashingBusyError).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '1' },
    });

    // A failing task frees its slot too; the queue is served in order.
    tasks[1].end(true);
    await settle();
    expect(tasks.map((g) => g.started())).toEqual([true, true, true, false, false]);
    tasks[0].end();
    await settle();
    expect(tasks.map((g) => g.started())).toEqual([true, true, true, true, false]);
    expect(await results[0]).toBe('done');
    expect(await results[1]).toEqual(new Error('task failed'));

    // Both running, nothing waiting: two more may queue again, a third is refused.
    const more = [gate(), gate(), gate()];
    const moreResults = more.map((g) => limit.run(g.task).catch((error: unknown) => error));
    await settle();
    expect(await moreResults[2]).toBeInstanceOf(PasswordHashingBusyError);
    tasks[2].end();
    tasks[3].end();
    await settle();
    expect(more.map((g) => g.started())).toEqual([true, true, false]);
    more[0].end();
    more[1].end();
    expect(await Promise.all([results[2], results[3], moreResults[0], moreResults[1]])).toEqual([
      'done',
      'done',
      'done',
      'done',
    ]);

    // Idle again: a new task runs at once.
    const last = gate();
    const lastResult = limit.run(last.task);
    await settle();
    expect(last.started()).toBe(true);
    last.end();
    expect(await lastResult).toBe('done');
  });
});
