import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';

/** The development JWT secret's file, in the data folder (beside the SQLite database). */
export const devJwtSecretFile = (): string =>
  join(dirname(process.env.SQLITE_PATH ?? 'data/evovoice.sqlite'), 'jwt-secret');

/** The secret in `file`, written there first if there is none yet. */
function readOrCreateSecret(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': only the first start writes it; a start racing it reads the one written.
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    new Logger('Config').warn(`JWT_SECRET is not set: generated a development secret in ${file}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Outside production without JWT_SECRET: the secret generated on the first start and kept in the data
 * folder (mode 0600), so that a restart does not sign everyone out. Never in production, where
 * validation requires JWT_SECRET.
 */
function devJwtSecret(): string {
  if (process.env.NODE_ENV === 'production') throw new Error('JWT_SECRET is required in production');
  // An in-memory database has no data folder (its dirname is the working folder, often a checkout) and
  // forgets its sessions at restart anyway: a secret for this process only.
  if (process.env.SQLITE_PATH === ':memory:') return randomBytes(48).toString('base64url');
  const file = devJwtSecretFile();
  let secret: string;
  try {
    secret = readOrCreateSecret(file);
  } catch (error) {
    // The data folder is SQLITE_PATH's: name the setting, as the database's own check does.
    throw new Error(
      `SQLITE_PATH ${process.env.SQLITE_PATH ?? 'data/evovoice.sqlite'} is not usable: its folder cannot ` +
        `keep the development JWT secret ${file} (${(error as Error).message}); fix it, or set JWT_SECRET`,
    );
  }
  if (secret.length < 32) throw new Error(`${file} holds no usable JWT secret: delete it to generate one`);
  return secret;
}

export const authConfig = registerAs('auth', () => ({
  jwtSecret: process.env.JWT_SECRET || devJwtSecret(),
  accessTokenTtlSeconds: Number(process.env.JWT_ACCESS_TTL_SECONDS ?? 15 * 60),
  refreshTokenTtlSeconds: Number(process.env.REFRESH_TOKEN_TTL_SECONDS ?? 30 * 24 * 3600),
  bootstrapAdminEmail: process.env.BOOTSTRAP_ADMIN_EMAIL ?? 'admin@example.com',
  bootstrapAdminPassword: process.env.BOOTSTRAP_ADMIN_PASSWORD,
  principalCacheTtlSeconds: Number(process.env.AUTH_CACHE_TTL_SECONDS ?? 5),
}));

export type AuthConfig = ReturnType<typeof authConfig>;
