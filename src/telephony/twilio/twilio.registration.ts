import type { ProviderRegistration } from '../provider-registration';
import { TwilioTelephonyProvider } from './twilio.provider';

export const twilioRegistration: ProviderRegistration = {
  id: 'twilio',
  create: (credentials, { config }) => {
    if (!credentials) throw new Error('The Twilio provider needs an account SID and auth token');
    return new TwilioTelephonyProvider(
      { accountSid: credentials.accountId, authToken: credentials.authToken },
      { apiBaseUrl: config.twilioApiBaseUrl },
    );
  },
};
