import { registerAs } from '@nestjs/config';

const int = (value: string | undefined, fallback: number): number =>
  value === undefined || value === '' ? fallback : Number(value);

/**
 * Provisioning reliability: how long a purchase may take, when a stuck claim is settled, how often the
 * reconciler runs, and how long idempotency keys are kept. The reconciler is off under NODE_ENV=test
 * unless a test turns it on.
 */
export const provisioningConfig = registerAs('provisioning', () => {
  const isTest = process.env.NODE_ENV === 'test';
  return {
    /** A purchase that takes longer has an unknown outcome; its claim is left for the reconciler. */
    purchaseTimeoutMs: int(process.env.PROVIDER_PURCHASE_TIMEOUT_MS, 30_000),
    /** A claim still `provisioning` this long after it was made is settled by the reconciler. */
    graceSeconds: int(process.env.PROVISIONING_GRACE_SECONDS, 300),
    /** 0 turns the periodic run off. */
    reconcilerIntervalSeconds: int(process.env.RECONCILER_INTERVAL_SECONDS, isTest ? 0 : 300),
    reconcilerRunAtStartup: (process.env.RECONCILER_RUN_AT_STARTUP ?? (isTest ? 'false' : 'true')) === 'true',
    idempotencyKeyTtlHours: int(process.env.IDEMPOTENCY_KEY_TTL_HOURS, 24),
  };
});

export type ProvisioningConfig = ReturnType<typeof provisioningConfig>;
