import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex digest: how high-entropy secrets (API keys, refresh tokens) are stored. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A random, URL-safe secret with a readable prefix, e.g. `evk_3kf...`. */
export const randomSecret = (prefix: string, bytes = 32): string =>
  `${prefix}${randomBytes(bytes).toString('base64url')}`;
