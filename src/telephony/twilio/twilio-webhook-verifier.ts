import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { ProviderCredentialsReader } from '../provider-credentials';

/**
 * Checks `X-Twilio-Signature` on a webhook with the SDK's `validateRequest`, using the auth token of
 * the Twilio account the request says it comes from (the form's `AccountSid`): the global account's,
 * or a BYOA account's. A request from an account we hold no token for is refused.
 */
@Injectable()
export class TwilioWebhookVerifier {
  constructor(private readonly credentials: ProviderCredentialsReader) {}

  async isAuthentic(
    url: string,
    signature: string | undefined,
    params: Record<string, string>,
  ): Promise<boolean> {
    if (!signature || typeof params.AccountSid !== 'string') return false;
    const authTokens = await this.credentials.authTokensOf({
      providerId: 'twilio',
      accountId: params.AccountSid,
    });
    return authTokens.some((authToken) => twilio.validateRequest(authToken, signature, url, params));
  }
}
