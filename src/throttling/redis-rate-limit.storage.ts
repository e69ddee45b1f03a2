import Redis from 'ioredis';
import type { AppLogger } from '../logging/app-logger';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import type { RateLimitStorage, WindowCount } from './rate-limit.storage';

/** Counts a hit and returns [hits in the window, milliseconds until the window ends]. Atomic in Redis. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}
`;

/** Takes a hit back from a window that has not ended (leaving its expiry alone). */
const RELEASE = `
if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/** How long a request may wait for Redis before it is counted in memory instead. */
const COMMAND_TIMEOUT_MS = 2000;
/** How long a connection attempt (and the start, waiting for the first one) may take. */
const CONNECT_TIMEOUT_MS = 2000;

/**
 * Fixed-window counters in Redis, so that every instance behind the load balancer counts against the
 * same limit.
 *
 * Redis is not needed to serve: while it is unreachable (or slow) the counters are kept in this
 * process's memory, so the limits still hold per instance rather than failing open, and one warning is
 * logged per outage. Nothing waits for a Redis that is down: commands are not queued while disconnected
 * (they fail at once and are counted in memory), and the client keeps reconnecting in the background.
 */
export class RedisRateLimitStorage implements RateLimitStorage {
  private readonly redis: Redis;
  private readonly fallback = new MemoryRateLimitStorage();
  /** Why Redis was last found unusable, while it is; null while it answers. */
  private outage: string | null = null;
  /** Whether a PING is out to see if Redis answers again (see `probe`). */
  private probing = false;

  constructor(
    url: string,
    private readonly keyPrefix: string,
    private readonly logger: AppLogger,
  ) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // Reconnect for ever, at most every 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    });
    this.redis.on('error', (error: Error) => this.failed(error.message));
    this.redis.on('ready', () => this.recovered());
  }

  /**
   * Settles when the first connection attempt has: Redis is ready, refused, or silent for the connect
   * timeout. The app waits for it before serving, so that its first requests are counted in Redis, not in
   * memory while the connection is still being made (which let a client exceed the limit by the requests
   * counted in memory). Never rejects: without Redis the app serves, counting in memory.
   */
  firstConnection(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.redis.off('ready', settle);
        this.redis.off('error', settle);
        resolve();
      };
      const timer = setTimeout(settle, CONNECT_TIMEOUT_MS);
      this.redis.on('ready', settle);
      this.redis.on('error', settle);
    });
  }

  hit(key: string, windowMs: number): WindowCount | Promise<WindowCount> {
    if (this.redis.status !== 'ready') {
      this.failed(`the connection is ${this.redis.status}`);
      return this.fallback.hit(key, windowMs);
    }
    if (this.outage !== null) {
      // Connected but failing (a hung Redis times every command out): requests do not wait for it; one
      // PING at a time finds out when it answers again.
      this.probe();
      return this.fallback.hit(key, windowMs);
    }
    return (
      this.redis.eval(INCREMENT, 1, `${this.keyPrefix}throttle:${key}`, String(windowMs)) as Promise<
        [number, number]
      >
    ).then(
      ([hits, msLeft]) => {
        if (this.outage !== null) this.recovered();
        return { hits, msLeft };
      },
      (error: Error) => {
        this.failed(error.message);
        return this.fallback.hit(key, windowMs);
      },
    );
  }

  release(key: string): void | Promise<void> {
    if (this.redis.status !== 'ready' || this.outage !== null) return this.fallback.release(key);
    return this.redis.eval(RELEASE, 1, `${this.keyPrefix}throttle:${key}`).then(
      () => undefined,
      (error: Error) => {
        this.failed(error.message);
        this.fallback.release(key);
      },
    );
  }

  /** Pings Redis (once at a time) during an outage; an answer ends it. */
  private probe(): void {
    if (this.probing) return;
    this.probing = true;
    this.redis
      .ping()
      .then(
        () => this.recovered(),
        () => undefined,
      )
      .finally(() => {
        this.probing = false;
      });
  }

  /** For readiness: null while Redis answers, else why it does not. */
  async problem(): Promise<string | null> {
    try {
      await this.redis.ping();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private failed(reason: string): void {
    if (this.outage !== null) return;
    this.outage = reason;
    this.logger.warn(
      `Redis is unreachable (${reason}): rate limits are counted in this instance's memory until it is back`,
      'RateLimits',
    );
  }

  private recovered(): void {
    if (this.outage === null) return;
    this.outage = null;
    this.logger.log('Redis is back: rate limits are counted in Redis again', 'RateLimits');
  }
}
