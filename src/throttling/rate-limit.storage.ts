/** One fixed window of a counter, after a hit. */
export interface WindowCount {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends and the count starts again. */
  msLeft: number;
}

/** Where the counters live: in this process, or in Redis for every instance. */
export interface RateLimitStorage {
  /**
   * Counts a hit against `key`, whose window lasts `windowMs` from its first hit. A store in this process
   * answers at once, without a promise, so the guard does not wait a turn on every request.
   */
  hit(key: string, windowMs: number): WindowCount | Promise<WindowCount>;

  /** Takes one hit back from `key`'s current window (an attempt that turned out not to count). */
  release(key: string): void | Promise<void>;
}

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');
