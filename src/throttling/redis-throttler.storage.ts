import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { fixedWindowRecord, type ThrottlerStorageRecord } from './fixed-window';

/** Counts a hit and returns [hits in the window, milliseconds until the window ends]. Atomic in Redis. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}
`;

/**
 * Fixed-window rate-limit counters in Redis, so that every instance behind the load balancer
 * counts against the same limit. A caller over the limit is refused until the window ends.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [hits, ttlMs] = (await this.redis.eval(
      INCREMENT,
      1,
      `${this.keyPrefix}throttle:${throttlerName}:${key}`,
      String(ttl),
    )) as [number, number];
    return fixedWindowRecord(hits, ttlMs, limit);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
