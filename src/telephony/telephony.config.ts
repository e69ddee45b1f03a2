import { registerAs } from '@nestjs/config';

export const telephonyConfig = registerAs('telephony', () => ({
  twilioAccountSid: process.env.TWILIO_ACCOUNT_SID,
  twilioAuthToken: process.env.TWILIO_AUTH_TOKEN,
  twilioApiBaseUrl: process.env.TWILIO_API_BASE_URL,
}));

export type TelephonyConfig = ReturnType<typeof telephonyConfig>;
