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

export const CENSOR = '[Redacted]';

const SECRET_KEY_SET = new Set(SECRET_KEYS);

/**
 * Request headers whose values are secrets: those that carry credentials, and any named like a secret
 * key (`token`, `secret`, ...; header names arrive in lower case).
 */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  ...SECRET_KEYS.map((key) => key.toLowerCase()),
]);

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype);

/**
 * What a log line shows of an object: the values of secret keys replaced, at the top level and up to
 * two levels down. One pass over the object, copying only what changes (pino's `redact` paths cost a
 * walk per path on every line). Only plain objects and arrays are entered: requests, responses and
 * errors are logged through serializers of their own.
 */
export function redactSecrets<T extends object>(value: T, depth = 0): T {
  let copy: Record<string, unknown> | unknown[] | null = null;
  for (const key of Object.keys(value)) {
    const current = (value as Record<string, unknown>)[key];
    let shown = current;
    if (!Array.isArray(value) && SECRET_KEY_SET.has(key)) shown = CENSOR;
    else if (depth < 2 && isPlain(current)) shown = redactSecrets(current, depth + 1);
    if (shown !== current) {
      copy ??= Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
      (copy as Record<string, unknown>)[key] = shown;
    }
  }
  return (copy ?? value) as T;
}

/** Request headers as logged: the values of secret ones replaced. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const shown = { ...headers };
  for (const name of Object.keys(shown)) if (SECRET_HEADERS.has(name)) shown[name] = CENSOR;
  return shown;
}

const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_KEYS.join('|')}|access_token|api_key)=)[^&]*`, 'gi');

/** A URL as logged: the values of secret-looking query parameters are replaced. */
export const redactUrl = (url: string): string => url.replace(SECRET_QUERY, '$1[Redacted]');
