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

/**
 * Names of query parameters and headers whose values are secrets, by pattern rather than a list, since
 * clients name them freely (`password`, `NewPassword`, `ss-tok`, `ss-id`, `authsecret`, `jwt`,
 * `X-Auth-Token`, `Api-Key`, `X-Access-Token`, `X-Refresh-Token`, `Cookie`, `X-Twilio-Signature`...).
 * Narrower where a word is common: `key` only alone or as an API, access, private, signing or encryption
 * key (not `Idempotency-Key`, `keys`, `sortKey`); `tok` and `sig` only as whole words; `auth` but not
 * `author(s)`. Ids of things (`accountId`) are never matched.
 */
export const SECRET_NAME =
  /passw|passphrase|pwd|secret|token|jwt|bearer|auth(?!ors?$)|session|cookie|credential|signature|(?:^|[^a-z])(?:tok|sig)(?:$|[^a-z])|(?:^|api|access|private|signing|encryption)[-_]?key$|^ss-[a-z]*id$/i;

/** Header names seen, with whether they are secret: a request's headers cost a lookup each. */
const secretHeaderNames = new Map<string, boolean>();
/** Header names are chosen by clients: past this many, the rest are tested without being remembered. */
const MAX_REMEMBERED_HEADER_NAMES = 1000;

function isSecretHeader(name: string): boolean {
  let secret = secretHeaderNames.get(name);
  if (secret === undefined) {
    secret = SECRET_NAME.test(name);
    if (secretHeaderNames.size < MAX_REMEMBERED_HEADER_NAMES) secretHeaderNames.set(name, secret);
  }
  return secret;
}

/** Request headers as logged: the values of secret ones (by `SECRET_NAME`) replaced. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const shown = { ...headers };
  for (const name of Object.keys(shown)) if (isSecretHeader(name)) shown[name] = CENSOR;
  return shown;
}

/** One `name=value` of a query string. */
const QUERY_PARAMETER = /([?&])([^=&#]*)=([^&#]*)/g;

/** A query parameter's name as the server reads it (percent-decoded, `+` a space). */
function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** A URL as logged: the value of every query parameter named like a secret (`SECRET_NAME`) replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  return (
    url.slice(0, query) +
    url
      .slice(query)
      .replace(QUERY_PARAMETER, (parameter: string, separator: string, name: string) =>
        SECRET_NAME.test(decodedName(name)) ? `${separator}${name}=${CENSOR}` : parameter,
      )
  );
}
