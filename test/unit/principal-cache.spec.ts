import 'reflect-metadata';
import { jest } from '@jest/globals';
import type { ConfigType } from '@nestjs/config';
import type { Principal } from '../../src/common/auth/principal';
import { PrincipalCache } from '../../src/common/auth/principal-cache';
import type { authConfig } from '../../src/config/auth.config';

const cacheFor = (ttlSeconds: number) =>
  new PrincipalCache({ principalCacheTtlSeconds: ttlSeconds } as ConfigType<typeof authConfig>);

const principal = (userId: string) => ({ userId }) as Principal;

/** A load whose runs finish when told to, counting how often it was started. */
function controlledLoad(userId: string) {
  const running: Array<() => void> = [];
  const load = jest.fn(
    () =>
      new Promise<{ principal: Principal }>((resolve) => {
        running.push(() => resolve({ principal: principal(userId) }));
      }),
  );
  return { load, finish: () => running.splice(0).forEach((resolve) => resolve()) };
}

describe('PrincipalCache', () => {
  it('loads a principal once for concurrent requests, then answers from the cache', async () => {
    const cache = cacheFor(30);
    const { load, finish } = controlledLoad('u1');
    const answers = Promise.all([1, 2, 3, 4].map(() => cache.get('key:a', load)));
    finish();
    expect((await answers).map((p) => p?.userId)).toEqual(['u1', 'u1', 'u1', 'u1']);
    expect(await cache.get('key:a', load)).toEqual(principal('u1'));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not let a request join a load that began before an invalidation, nor store its result', async () => {
    const cache = cacheFor(30);
    const stale = controlledLoad('before');
    const first = cache.get('key:a', stale.load);
    cache.invalidate(); // say, the key was revoked while it was being looked up
    const fresh = controlledLoad('after');
    const second = cache.get('key:a', fresh.load);
    stale.finish();
    fresh.finish();
    expect((await first)?.userId).toBe('before');
    expect((await second)?.userId).toBe('after');
    expect(fresh.load).toHaveBeenCalledTimes(1);
    expect((await cache.get('key:a', stale.load))?.userId).toBe('after');
  });

  it('shares nothing when caching is off (a TTL of 0)', async () => {
    const cache = cacheFor(0);
    const { load, finish } = controlledLoad('u1');
    const answers = Promise.all([cache.get('key:a', load), cache.get('key:a', load)]);
    finish();
    await answers;
    expect(load).toHaveBeenCalledTimes(2);
  });
});
