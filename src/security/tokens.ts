import { hash, randomBytes } from 'node:crypto';

/** SHA-256 hex digest: how high-entropy secrets (API keys, refresh tokens) are stored. */
// `hash` is the one-shot form: no Hash object per call (every API-key request digests its key).
export const sha256 = (value: string): string => hash('sha256', value, 'hex');

/** A random, URL-safe secret with a readable prefix, e.g. `evk_3kf...`. */
export const randomSecret = (prefix: string, bytes = 32): string =>
  `${prefix}${randomBytes(bytes).toString('base64url')}`;
