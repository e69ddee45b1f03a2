import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ForbiddenError } from '../../common/errors/domain-errors';
import { appConfig } from '../../config/app.config';
import { CallerIdVerificationReported } from '../caller-id-verification.event';
import { TwilioWebhookVerifier } from './twilio-webhook-verifier';

export type TwilioParams = Record<string, string>;

/** TwiML that does nothing: call and message handling is not this service's yet. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** Webhooks Twilio calls; each is refused (403) unless signed by the Twilio account it claims to be from. */
@Injectable()
export class TwilioWebhooksService {
  constructor(
    private readonly verifier: TwilioWebhookVerifier,
    private readonly events: EventEmitter2,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /** Incoming call or message to one of our numbers. */
  async incoming(path: string, signature: string | undefined, params: TwilioParams): Promise<string> {
    await this.authenticate(path, signature, params);
    return EMPTY_TWIML;
  }

  /**
   * Status callback of a caller-ID validation (`VerificationStatus`: success or failed), published as
   * CallerIdVerificationReported once its signature is checked. Its listener refuses (403) a report
   * signed by a Twilio account other than the one serving the endpoint's account.
   */
  async callerIdStatus(
    path: string,
    signature: string | undefined,
    params: TwilioParams,
    endpointId: string | undefined,
  ): Promise<string> {
    if (!endpointId) throw new ForbiddenError('This webhook names no endpoint');
    await this.authenticate(path, signature, params);
    const report = new CallerIdVerificationReported(endpointId, params.VerificationStatus === 'success', {
      providerId: 'twilio',
      accountId: params.AccountSid,
    });
    const handled = await this.events.emitAsync(CallerIdVerificationReported.eventName, report);
    // Unrecorded, the report must not be acknowledged: a 5xx makes Twilio send it again.
    if (handled.length === 0) throw new Error('No listener recorded the caller-ID verification');
    return EMPTY_TWIML;
  }

  private async authenticate(
    path: string,
    signature: string | undefined,
    params: TwilioParams,
  ): Promise<void> {
    // Twilio signs the URL it was given, which is built from PUBLIC_BASE_URL.
    if (!(await this.verifier.isAuthentic(`${this.app.publicBaseUrl}${path}`, signature, params)))
      throw new ForbiddenError('Missing or invalid X-Twilio-Signature');
  }
}
