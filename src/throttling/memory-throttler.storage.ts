import type { ThrottlerStorage } from '@nestjs/throttler';
import { fixedWindowRecord, type ThrottlerStorageRecord } from './fixed-window';

interface Window {
  hits: number;
  endsAt: number;
}

/** Windows kept before the ended ones are swept out. */
const SWEEP_AT = 10_000;

/**
 * Fixed-window rate-limit counters in this process, with the Redis storage's semantics: one counter
 * per caller and window, O(1) a request. (The library's default keeps every hit's timestamp and
 * scans them all on each request: its cost grows with the limit.)
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (!window || window.endsAt <= now) {
      if (!window && this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { hits: 0, endsAt: now + ttl };
      this.windows.set(id, window);
    }
    window.hits++;
    return Promise.resolve(fixedWindowRecord(window.hits, window.endsAt - now, limit));
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (window.endsAt <= now) this.windows.delete(id);
  }
}
