import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { operationsConfig } from '../config/operations.config';
import { Metrics } from '../metrics/metrics';
import { RATE_LIMIT_STORAGE, type RateLimitStorage } from '../throttling/rate-limit.storage';

const TOO_MANY_FAILURES =
  'Too many failed authentications from this client: retry after the time in the Retry-After header';

/**
 * Counts failed authentications in a fixed window (`AUTH_FAILURE_*`), in the rate limits' storage (Redis
 * when configured, else memory), so that guessing is refused with 429 before it costs a password hash.
 *
 * Counted per client (its IP) and per client and user name (normalised as sign-in reads it), never per
 * user name alone: that would let anybody lock a user out by failing on purpose. Failed tokens (API keys,
 * bearer tokens, session cookies) are counted per client, apart from passwords. A client over either
 * limit is refused every password check (the right password too) until the window ends. Guessing one
 * user's password from many addresses is left to the slowness of scrypt and the bound on hashing
 * (`common/security/password.ts`).
 */
@Injectable()
export class FailedAuthLimiter {
  /** Counters this instance refused, until their window ends: see `refuseIfLimited`. */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: RateLimitStorage,
    @Inject(operationsConfig.KEY) private readonly ops: ConfigType<typeof operationsConfig>,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Runs `check` (a password check for `userName`, answering what it authenticated, or null when it
   * failed) unless the client has failed too often, in all or for this user name: then 429, without
   * running it. The attempt is counted before it runs, so concurrent guesses cannot all slip under the
   * limit; one that passes (or cannot be decided: the database failed, say) is taken back.
   */
  async checkPassword<T>(
    client: string,
    userName: string,
    check: () => Promise<T | null>,
  ): Promise<T | null> {
    const { limitPerClient, limitPerUser } = this.ops.authFailures;
    const keys = passwordKeys(client, userName);
    const counters: [string, number][] = [
      [keys[0], limitPerClient],
      [keys[1], limitPerUser],
    ];
    await this.count(counters, keys);
    let failed = false;
    try {
      const passed = await check();
      failed = passed === null;
      return passed;
    } finally {
      if (!failed) await this.release(keys);
    }
  }

  /**
   * For credentials accepted without a password check (Basic credentials verified a moment ago): refused
   * while this instance refused their client or user name, else a client over the limit could still tell
   * the right password (accepted) from wrong ones (refused). Read in memory only, so that the remembered
   * credentials cost no round trip to Redis; an instance that has not refused the client yet learns of it
   * at its first wrong guess.
   */
  refuseIfLimited(client: string, userName: string): void {
    if (this.refusedUntil.size === 0) return;
    const now = Date.now();
    for (const key of passwordKeys(client, userName)) {
      const until = this.refusedUntil.get(key);
      if (until !== undefined && until > now) throw this.refusal((until - now) / 1000);
    }
  }

  /**
   * A credential other than a password (API key, bearer token, session cookie) failed: counted against
   * the client, 429 over the client limit. Counted apart from passwords, so that a client retrying with a
   * stale token does not lock its users out of signing in.
   */
  async tokenFailed(client: string): Promise<void> {
    await this.count([[`${clientKey(client)}:tokens`, this.ops.authFailures.limitPerClient]], []);
  }

  /** Counts a failure on each counter; over any limit, takes back `releaseIfRefused` and refuses with 429. */
  private async count(counters: [string, number][], releaseIfRefused: string[]): Promise<void> {
    const { windowMs } = this.ops.authFailures;
    // The store in memory answers without a promise.
    const counts = await Promise.all(
      counters.map(([key]) => Promise.resolve(this.storage.hit(key, windowMs))),
    );
    const over = counts.filter(({ hits }, i) => hits > counters[i][1]);
    if (over.length === 0) return;
    const retryAfterMs = Math.max(...over.map(({ msLeft }) => msLeft));
    this.remember(
      counters.filter((_counter, i) => counts[i].hits > counters[i][1]).map(([key]) => key),
      Date.now() + retryAfterMs,
    );
    await this.release(releaseIfRefused);
    throw this.refusal(retryAfterMs / 1000);
  }

  /** The 429, counted in `/metrics` among the rate-limit refusals (category `authFailures`). */
  private refusal(retryAfterSeconds: number): TooManyRequestsError {
    this.metrics.rateLimitRefusals.inc({ category: 'authFailures' });
    return new TooManyRequestsError(TOO_MANY_FAILURES, retryAfterSeconds);
  }

  private remember(keys: string[], until: number): void {
    if (this.refusedUntil.size >= MAX_REMEMBERED_REFUSALS) {
      const now = Date.now();
      for (const [key, end] of this.refusedUntil) if (end <= now) this.refusedUntil.delete(key);
      // Still full: drop the oldest (a Map iterates in insertion order).
      if (this.refusedUntil.size >= MAX_REMEMBERED_REFUSALS)
        this.refusedUntil.delete(this.refusedUntil.keys().next().value!);
    }
    for (const key of keys) this.refusedUntil.set(key, until);
  }

  private async release(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => Promise.resolve(this.storage.release(key))));
  }
}

const MAX_REMEMBERED_REFUSALS = 10_000;

const clientKey = (client: string): string => `auth-failures:${client}`;

/** The counters of password checks: the client's, and the client's for this (normalised) user name. */
const passwordKeys = (client: string, userName: string): [string, string] => [
  clientKey(client),
  `${clientKey(client)}:user:${digest(userName.trim().toLowerCase())}`,
];

/** User names are not kept in the counters' keys as given (they are email addresses). */
const digest = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 22);
