import type { ProviderAccountRef } from './provider-credentials';

/**
 * Published in-process by telephony when a provider reports, in an authentic (signed) webhook, how a
 * caller-ID validation ended. The phone-number side records it (`endpoints/phone-numbers/on-caller-id-verified.ts`).
 * It is emitted with `emitAsync` and awaited before the webhook is answered, and its listener does not
 * suppress errors: a failure fails the request, and the provider retries the callback.
 */
export class CallerIdVerificationReported {
  static readonly eventName = 'telephony.caller-id-verification-reported';

  constructor(
    readonly endpointId: string,
    readonly verified: boolean,
    /** The provider account that signed the report; only the one serving the endpoint's account may. */
    readonly reportedBy: ProviderAccountRef,
  ) {}
}
