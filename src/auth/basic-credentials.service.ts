import { Injectable } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import type { Principal } from '../common/auth/principal';
import { PrincipalCache } from '../common/auth/principal-cache';
import { verifyPassword } from '../security/password';
import { UsersService } from '../users/users.service';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { DUMMY_PASSWORD_HASH } from './sessions.service';

/** How long a verified user name and password are accepted without running scrypt again. */
export const BASIC_CACHE_TTL_MS = 60_000;
const BASIC_CACHE_MAX_ENTRIES = 10_000;

interface Verified {
  userId: string;
  /** The hash the password was verified against: a changed password drops the entry at once. */
  passwordHash: string;
  expiresAt: number;
}

/**
 * Checks `Authorization: Basic` credentials. scrypt is deliberately slow, and Basic sends the
 * password on every request, so a verified credential is remembered briefly: keyed by an HMAC of
 * user name and password under a random per-process key (never the password in clear).
 */
@Injectable()
export class BasicCredentialsService {
  private readonly cacheKey = randomBytes(32);
  private readonly verified = new Map<string, Verified>();
  /** scrypt runs under way, by credential digest and the hash checked against. */
  private readonly verifying = new Map<string, Promise<boolean>>();

  constructor(
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly principals: PrincipalCache,
    private readonly failures: FailedAuthLimiter,
  ) {}

  /**
   * The principal of Basic credentials sent by `client` (its IP), or null. Credentials not remembered are
   * checked only while the client has not failed too often (`FailedAuthLimiter`: else 429).
   */
  async principalFor(userName: string, password: string, client: string): Promise<Principal | null> {
    if (userName.startsWith(API_KEY_PREFIX)) return this.apiKeys.principalForKey(userName);

    const digest = createHmac('sha256', this.cacheKey)
      .update(`${userName.trim().toLowerCase()}\u0000${password}`)
      .digest('base64url');
    const user = await this.users.findByEmail(userName);
    const cached = this.verified.get(digest);
    if (
      cached &&
      cached.expiresAt > Date.now() &&
      user?.id === cached.userId &&
      user.passwordHash === cached.passwordHash
    ) {
      this.failures.refuseIfLimited(client, userName);
      return this.principalOf(user.id);
    }
    this.verified.delete(digest);

    const hash = user?.passwordHash ?? DUMMY_PASSWORD_HASH;
    const valid = await this.verifyOnce(digest, hash, async () => {
      const passed = await this.failures.checkPassword(client, userName, async () =>
        (await this.checkPassword(password, hash)) && user ? true : null,
      );
      return passed === true;
    });
    if (!user || !valid) return null;
    this.remember(digest, {
      userId: user.id,
      passwordHash: user.passwordHash,
      expiresAt: Date.now() + BASIC_CACHE_TTL_MS,
    });
    return this.principalOf(user.id);
  }

  /**
   * The user is read on every request (a changed password takes effect at once); the principal built
   * from its roles, accounts and customer is remembered briefly like every other.
   */
  private principalOf(userId: string): Promise<Principal | null> {
    return this.principals.get(`basic:${userId}`, async () => {
      const principal = await this.users.loadPrincipal(userId, 'basic');
      return principal && { principal };
    });
  }

  /**
   * Concurrent requests with the same credentials share one check (one scrypt run, one attempt for the
   * failure limits): without it, a client's burst (or all its requests at once when the remembered entry
   * expires) ran scrypt once per request, and counted as that many attempts.
   */
  private verifyOnce(digest: string, hash: string, check: () => Promise<boolean>): Promise<boolean> {
    const key = `${digest}\u0000${hash}`;
    let pending = this.verifying.get(key);
    if (!pending) {
      pending = check().finally(() => this.verifying.delete(key));
      this.verifying.set(key, pending);
    }
    return pending;
  }

  /** scrypt: the cost the cache saves. */
  private checkPassword(password: string, hash: string): Promise<boolean> {
    return verifyPassword(password, hash);
  }

  private remember(digest: string, entry: Verified): void {
    if (this.verified.size >= BASIC_CACHE_MAX_ENTRIES) {
      const now = Date.now();
      for (const [key, value] of this.verified) if (value.expiresAt <= now) this.verified.delete(key);
      // Still full: drop the oldest (a Map iterates in insertion order).
      if (this.verified.size >= BASIC_CACHE_MAX_ENTRIES)
        this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(digest, entry);
  }
}
