import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { authConfig } from '../../config/auth.config';
import type { Principal } from './principal';

const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

interface Loaded {
  principal: Principal;
  validUntil?: number;
}

/**
 * Authenticated principals remembered for a few seconds (`AUTH_CACHE_TTL_SECONDS`, 0: off), so that a
 * client's stream of requests does not look up its key or session, user and memberships every time.
 * Keyed by the credential's digest (never a secret in clear). Whatever changes a principal (revoking a
 * key, logging out, a membership, a customer moved or deleted, an account deleted) calls `invalidate()`,
 * which empties the cache; another instance sees such a change within the TTL.
 */
@Injectable()
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  /** Loads under way, by key, with the generation they began in. */
  private readonly loading = new Map<string, { generation: number; loaded: Promise<Loaded | null> }>();
  private readonly ttlMs: number;
  /** Bumped by every invalidation: a load that began before one is not stored. */
  private generation = 0;

  constructor(@Inject(authConfig.KEY) config: ConfigType<typeof authConfig>) {
    this.ttlMs = config.principalCacheTtlSeconds * 1000;
  }

  /**
   * The cached principal for `key`, or the one `load` finds (cached unless null). `load` may bound the
   * entry's life (`validUntil`, epoch ms: the credential's own expiry). Concurrent requests for a key
   * that is not cached share one load: a client's burst, or all its requests when the entry expires,
   * reads the database once, not once per request.
   */
  async get(key: string, load: () => Promise<Loaded | null>): Promise<Principal | null> {
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.principal;
    if (cached) this.entries.delete(key);
    // A load that began before an invalidation is not joined: it may return what has since changed.
    const inFlight = this.ttlMs > 0 ? this.loading.get(key) : undefined;
    if (inFlight?.generation === this.generation) return (await inFlight.loaded)?.principal ?? null;
    const generation = this.generation;
    const loaded = load();
    if (this.ttlMs > 0) this.loading.set(key, { generation, loaded });
    try {
      const found = await loaded;
      if (found && this.ttlMs > 0 && generation === this.generation) this.store(key, found, now);
      return found?.principal ?? null;
    } finally {
      if (this.loading.get(key)?.loaded === loaded) this.loading.delete(key);
    }
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  private store(key: string, loaded: Loaded, now: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.evict(now);
    this.entries.set(key, {
      principal: loaded.principal,
      expiresAt: Math.min(now + this.ttlMs, loaded.validUntil ?? Infinity),
    });
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Still full: drop the oldest (a Map iterates in insertion order).
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}

@Global()
@Module({ providers: [PrincipalCache], exports: [PrincipalCache] })
export class PrincipalCacheModule {}
