import { hkdfSync } from 'node:crypto';

/**
 * A 32-byte key for one purpose, derived from the application's secret (JWT_SECRET) with HKDF-SHA256:
 * every instance sharing the secret derives the same key, and no two purposes share one.
 */
export const deriveKey = (secret: string, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, '', purpose, 32));
