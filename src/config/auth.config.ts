import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';

function jwtSecret(): string {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  // Development convenience only (validation refuses this in production): tokens die with the process.
  new Logger('Config').warn(
    'JWT_SECRET is not set: using a random secret; issued tokens end with this process',
  );
  return randomBytes(48).toString('base64url');
}

export const authConfig = registerAs('auth', () => ({
  jwtSecret: jwtSecret(),
  accessTokenTtlSeconds: Number(process.env.JWT_ACCESS_TTL_SECONDS ?? 15 * 60),
  refreshTokenTtlSeconds: Number(process.env.REFRESH_TOKEN_TTL_SECONDS ?? 30 * 24 * 3600),
  bootstrapAdminEmail: process.env.BOOTSTRAP_ADMIN_EMAIL ?? 'admin@example.com',
  bootstrapAdminPassword: process.env.BOOTSTRAP_ADMIN_PASSWORD,
  principalCacheTtlSeconds: Number(process.env.AUTH_CACHE_TTL_SECONDS ?? 5),
}));

export type AuthConfig = ReturnType<typeof authConfig>;
