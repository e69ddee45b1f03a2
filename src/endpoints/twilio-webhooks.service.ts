import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ForbiddenError } from '../common/errors/domain-errors';
import { appConfig } from '../config/app.config';
import { telephonyConfig } from '../config/telephony.config';
import { TwilioWebhookVerifier } from '../telephony/twilio/twilio-webhook-verifier';
import { PhoneNumbersService } from './phone-numbers.service';

export type TwilioParams = Record<string, string>;

/** TwiML that does nothing: call and message handling is not this service's yet. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** Webhooks Twilio calls; each is refused (403) unless signed by the Twilio account it claims to be from. */
@Injectable()
export class TwilioWebhooksService {
  constructor(
    private readonly verifier: TwilioWebhookVerifier,
    private readonly phoneNumbers: PhoneNumbersService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(telephonyConfig.KEY) private readonly telephony: ConfigType<typeof telephonyConfig>,
  ) {}

  /** Incoming call or message to one of our numbers. */
  async incoming(path: string, signature: string | undefined, params: TwilioParams): Promise<string> {
    await this.authenticate(path, signature, params);
    return EMPTY_TWIML;
  }

  /** Status callback of a caller-ID validation (`VerificationStatus`: success or failed). */
  async callerIdStatus(
    path: string,
    signature: string | undefined,
    params: TwilioParams,
    endpointId: string | undefined,
  ): Promise<string> {
    if (!endpointId) throw new ForbiddenError('This webhook names no endpoint');
    const account = await this.phoneNumbers.accountOfEndpoint(endpointId);
    // Only the Twilio account that serves the endpoint's account may report on it: a BYOA tenant, who
    // knows its own auth token, must not be able to mark another tenant's number verified.
    const expectedAccountSid = account?.isBYOA ? account.twilioAccountSid : this.telephony.twilioAccountSid;
    if (!account || !expectedAccountSid || params.AccountSid !== expectedAccountSid)
      throw new ForbiddenError('This webhook is not signed by the Twilio account of the endpoint');
    await this.authenticate(path, signature, params);
    await this.phoneNumbers.recordCallerIdVerification(endpointId, params.VerificationStatus === 'success');
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
