import { registerAs } from '@nestjs/config';

export const securityConfig = registerAs('security', () => ({
  /** Key for secrets stored encrypted (BYOA provider auth tokens); unset: such secrets cannot be stored. */
  encryptionKey: process.env.ENCRYPTION_KEY,
}));

export type SecurityConfig = ReturnType<typeof securityConfig>;
