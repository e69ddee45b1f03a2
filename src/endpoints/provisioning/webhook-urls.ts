/** The voice and SMS webhook URLs a bought number is configured with, derived from PUBLIC_BASE_URL. */
export const webhookUrls = (publicBaseUrl: string): { voiceUrl: string; smsUrl: string } => ({
  voiceUrl: `${publicBaseUrl}/webhooks/twilio/voice`,
  smsUrl: `${publicBaseUrl}/webhooks/twilio/sms`,
});
