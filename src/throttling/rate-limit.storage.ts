/** One fixed window of a counter, after a hit. */
export interface WindowCount {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends and the count starts again. */
  msLeft: number;
}

/** Where the counters live: in this process, or in Redis for every instance. */
export interface RateLimitStorage {
  /** Counts a hit against `key`, whose window lasts `windowMs` from its first hit. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
}

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');
