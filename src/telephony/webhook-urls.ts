/**
 * The URLs the provider is given for a number's calls and messages and for a caller-ID validation's
 * status callback, derived from PUBLIC_BASE_URL. They are the routes of `twilio/twilio-webhooks.controller.ts`
 * (the sandbox imitates Twilio and hands out the same ones). Numbers already bought point at them: they
 * must not change.
 */
export const webhookUrls = (publicBaseUrl: string): { voiceUrl: string; smsUrl: string } => ({
  voiceUrl: `${publicBaseUrl}/webhooks/twilio/voice`,
  smsUrl: `${publicBaseUrl}/webhooks/twilio/sms`,
});

/** The status callback of a caller-ID validation; the endpoint id travels in its query string. */
export const callerIdCallbackUrl = (publicBaseUrl: string, endpointId: string): string =>
  `${publicBaseUrl}/webhooks/twilio/caller-id?endpointId=${endpointId}`;
