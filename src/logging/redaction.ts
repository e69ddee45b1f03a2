/** Field names whose values are secrets wherever they appear in a logged object. */
export const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'bearerToken',
  'refreshToken',
  'accessToken',
  'apiKey',
  'key',
  'secret',
  'signingSecret',
  'authToken',
  'twilioAuthToken',
  'authorization',
  'cookie',
];

/**
 * pino `redact` paths: request and response headers that carry credentials, and the secret keys at
 * the top level and up to two levels down of any logged object.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_KEYS.join('|')}|access_token|api_key)=)[^&]*`, 'gi');

/** A URL as logged: the values of secret-looking query parameters are replaced. */
export const redactUrl = (url: string): string => url.replace(SECRET_QUERY, '$1[Redacted]');
