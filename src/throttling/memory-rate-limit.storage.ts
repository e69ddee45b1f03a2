import type { RateLimitStorage, WindowCount } from './rate-limit.storage';

interface Window {
  hits: number;
  endsAt: number;
}

/** Windows kept before the ended ones are swept out. */
const SWEEP_AT = 10_000;

/** Fixed-window counters in this process: one per caller and route, O(1) a request. */
export class MemoryRateLimitStorage implements RateLimitStorage {
  private readonly windows = new Map<string, Window>();

  hit(key: string, windowMs: number): WindowCount {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (!window && this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { hits: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return { hits: window.hits, msLeft: window.endsAt - now };
  }

  release(key: string): void {
    const window = this.windows.get(key);
    if (window && window.endsAt > Date.now() && window.hits > 0) window.hits--;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
