import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
} from 'class-validator';
import { parseAllowedTargets } from '../events/webhook-targets';
import { isProxyAddress } from './operations.config';

/** One or more `http(s)://host[:port]` origins, comma-separated. */
const ORIGIN = String.raw`\s*https?://[A-Za-z0-9.-]+(:\d{1,5})?/?\s*`;
const CORS_ORIGINS_PATTERN = new RegExp(`^${ORIGIN}(,${ORIGIN})*$`);

/** TRUST_PROXY: `true`, `false`, a hop count, or comma-separated addresses, CIDRs and range names. */
const IsTrustProxy = () =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        (/^\s*(true|false|\d+)?\s*$/.test(value) ||
          value.split(',').every((entry) => isProxyAddress(entry.trim()))),
      defaultMessage: () =>
        'TRUST_PROXY must be true, false, a number of hops, or comma-separated IP addresses or CIDRs (e.g. 10.0.0.1,10.1.0.0/16)',
    },
  });

/**
 * Every environment variable the service reads, validated once at boot so a typo fails fast with a
 * message naming the variable instead of surfacing later as a confusing runtime error.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  SQLITE_PATH?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  DATABASE_MIGRATIONS_RUN?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(30)
  JWT_ACCESS_TTL_SECONDS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60, { message: 'AUTH_CACHE_TTL_SECONDS must be at most 60' })
  AUTH_CACHE_TTL_SECONDS?: number;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 8 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_DEMO_TENANT?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  TWILIO_API_BASE_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PROVIDER_PURCHASE_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PROVISIONING_GRACE_SECONDS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RECONCILER_INTERVAL_SECONDS?: number;

  @IsOptional()
  @IsIn(['true', 'false'])
  RECONCILER_RUN_AT_STARTUP?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(24, { message: 'IDEMPOTENCY_KEY_TTL_HOURS must be at least 24' })
  IDEMPOTENCY_KEY_TTL_HOURS?: number;

  @IsOptional()
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'ENCRYPTION_KEY must be 32 bytes: 64 hex characters or 44 base64 characters',
  })
  ENCRYPTION_KEY?: string;

  @IsOptional()
  @IsString()
  @Matches(CORS_ORIGINS_PATTERN, {
    message:
      'CORS_ORIGINS must be a comma-separated list of origins (scheme://host[:port], no path), e.g. https://app.example.com',
  })
  CORS_ORIGINS?: string;

  // Operations (src/config/operations.config.ts).
  @IsOptional()
  @IsString()
  @Matches(/^\S{32,256}$/, { message: 'METRICS_TOKEN must be 32 to 256 characters without spaces' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(['pretty', 'json'])
  LOG_FORMAT?: string;

  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @IsTrustProxy()
  TRUST_PROXY?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  WEBHOOK_DISPATCHER_ENABLED?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_DEFAULT_LIMIT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_DEFAULT_TTL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_LIMIT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_TTL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_BUY_LIMIT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_BUY_TTL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_LIMIT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_CLIENT_LIMIT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  AUTH_FAILURE_WINDOW_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  BODY_LIMIT_BYTES?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOK_POLL_INTERVAL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOK_DELIVERY_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOK_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WEBHOOK_RETRY_BASE_MS?: number;

  /** Loopback/private addresses and CIDR ranges webhooks may reach (tests, private deployments). */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_PRIVATE_HOSTS?: string;
}

/** Used by ConfigModule: throws one error listing every invalid variable. */
export function validateEnvironment(config: Record<string, unknown>): Record<string, unknown> {
  const env = plainToInstance(EnvironmentVariables, config, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `  - ${e.property}: ${m}`),
    );
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  if (!config.TWILIO_ACCOUNT_SID !== !config.TWILIO_AUTH_TOKEN) {
    throw new Error(
      'Invalid environment configuration:\n  - TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: set both (Twilio) or neither (sandbox)',
    );
  }
  try {
    parseAllowedTargets(config.WEBHOOK_ALLOWED_PRIVATE_HOSTS as string | undefined);
  } catch (error) {
    throw new Error(
      `Invalid environment configuration:\n  - WEBHOOK_ALLOWED_PRIVATE_HOSTS: ${(error as Error).message}`,
    );
  }
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new Error('Invalid environment configuration:\n  - JWT_SECRET: required when NODE_ENV=production');
  }
  return config;
}
