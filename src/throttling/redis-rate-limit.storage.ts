import Redis from 'ioredis';
import type { RateLimitStorage, WindowCount } from './rate-limit.storage';

/** Counts a hit and returns [hits in the window, milliseconds until the window ends]. Atomic in Redis. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}
`;

/**
 * Fixed-window counters in Redis, so that every instance behind the load balancer counts against the
 * same limit.
 */
export class RedisRateLimitStorage implements RateLimitStorage {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [hits, msLeft] = (await this.redis.eval(
      INCREMENT,
      1,
      `${this.keyPrefix}throttle:${key}`,
      String(windowMs),
    )) as [number, number];
    return { hits, msLeft };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
