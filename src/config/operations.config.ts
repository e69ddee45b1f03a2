import { registerAs } from '@nestjs/config';
import { isIP } from 'node:net';

const int = (value: string | undefined, fallback: number): number =>
  value === undefined || value === '' ? fallback : Number(value);

/**
 * Running the service in production: logging, rate limits, HTTP hardening and webhook delivery.
 * Defaults are generous enough that normal use (and the test suites) never meet a limit.
 */
export const operationsConfig = registerAs('operations', () => ({
  logLevel: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  /**
   * `pretty` (pino-pretty: one readable line per entry) or `json` (one JSON object per line). Pretty by
   * default only in development on a terminal; JSON in production, in tests and into a pipe or file.
   */
  logFormat: (process.env.LOG_FORMAT ||
    ((process.env.NODE_ENV ?? 'development') === 'development' && process.stdout.isTTY
      ? 'pretty'
      : 'json')) as 'pretty' | 'json',
  /** Shared state for several instances (rate-limit counters); unset: in memory, per instance. */
  redisUrl: process.env.REDIS_URL,
  redisKeyPrefix: process.env.REDIS_KEY_PREFIX ?? 'evo:',
  rateLimits: {
    default: {
      limit: int(process.env.RATE_LIMIT_DEFAULT_LIMIT, 1000),
      ttlMs: int(process.env.RATE_LIMIT_DEFAULT_TTL_MS, 60_000),
    },
    auth: {
      limit: int(process.env.RATE_LIMIT_AUTH_LIMIT, 100),
      ttlMs: int(process.env.RATE_LIMIT_AUTH_TTL_MS, 60_000),
    },
    buy: {
      limit: int(process.env.RATE_LIMIT_BUY_LIMIT, 300),
      ttlMs: int(process.env.RATE_LIMIT_BUY_TTL_MS, 60_000),
    },
  },
  /**
   * Failed authentications (wrong passwords, unknown API keys or tokens) a client may make in a window,
   * per user name it tries and in all, before it is answered 429 without checking any more.
   */
  authFailures: {
    limitPerUser: int(process.env.AUTH_FAILURE_LIMIT, 10),
    limitPerClient: int(process.env.AUTH_FAILURE_CLIENT_LIMIT, 100),
    windowMs: int(process.env.AUTH_FAILURE_WINDOW_MS, 15 * 60_000),
  },
  requestTimeoutMs: int(process.env.REQUEST_TIMEOUT_MS, 30_000),
  /** A bearer token that may read `GET /metrics` (besides a SystemAdministrator); unset: none. */
  metricsToken: process.env.METRICS_TOKEN || undefined,
  webhooks: {
    dispatcherEnabled: (process.env.WEBHOOK_DISPATCHER_ENABLED ?? 'true') === 'true',
    pollIntervalMs: int(process.env.WEBHOOK_POLL_INTERVAL_MS, 1000),
    deliveryTimeoutMs: int(process.env.WEBHOOK_DELIVERY_TIMEOUT_MS, 10_000),
    maxAttempts: int(process.env.WEBHOOK_MAX_ATTEMPTS, 8),
    retryBaseMs: int(process.env.WEBHOOK_RETRY_BASE_MS, 5_000),
    /** Addresses/CIDRs webhooks may reach although loopback or private (validated at boot). */
    allowedPrivateHosts: process.env.WEBHOOK_ALLOWED_PRIVATE_HOSTS ?? '',
  },
}));

export type OperationsConfig = ReturnType<typeof operationsConfig>;
export type RateLimitCategory = keyof OperationsConfig['rateLimits'];

/** Read before Nest starts (the Fastify adapter is built first), so straight from the environment. */
export const bodyLimitBytes = (): number => int(process.env.BODY_LIMIT_BYTES, 1024 * 1024);

/** proxy-addr's names for address ranges, which TRUST_PROXY may list beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address, a CIDR (`10.0.0.0/8`, `fd00::/8`) or a range name (`loopback`). */
export function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies' `X-Forwarded-For` names the client (Fastify's `trustProxy`), from TRUST_PROXY: unset,
 * none (every client is its socket's address, so no client can choose its own rate-limit key); a number,
 * that many hops; addresses, CIDRs or range names, comma-separated, those proxies; `true`, every
 * sender (only behind a proxy that overwrites the header). Read before Nest starts, like the body limit.
 */
export function trustProxy(
  value = process.env.TRUST_PROXY,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  const setting = value?.trim() ?? '';
  if (setting === '' || setting === 'false') return false;
  if (setting === 'true') return true;
  if (/^\d+$/.test(setting)) {
    // Fastify's own reading of a hop count (which the adapter's option type does not list).
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  return setting.split(',').map((entry) => entry.trim());
}
