import { InvalidFieldError } from '../errors/domain-errors';
import { joinPath } from './validation.pipe';

/**
 * The one limit on how deeply anything a client sends may nest: a request body, a JSON value in a
 * query or form field, and a Struct each hold at most this many objects and lists inside one another
 * (the outermost one counts). Deeper input is a 400 naming the field where the limit is passed, before
 * any code walks it (deep enough input would overflow the stack of every recursive walk). Real bodies
 * nest about 10 levels (a flow package with a Struct value); a Struct stored in `data` may hold 11 levels
 * of Structs. Customer trees nest at most this deep too (`MAX_CUSTOMER_DEPTH`): 24 ids fit the `path` column.
 */
export const MAX_NESTING_DEPTH = 24;

/**
 * Keys refused wherever they appear in a request (query, form, JSON body, the keys of a Struct or any
 * map), as a 400 naming the field. `__proto__` replaces an object's prototype when assigned, and Nest's
 * validation pipe deletes all three from every request value, so a client's data under these names
 * would be lost without a word. Other names of `Object.prototype`'s members (`toString`,
 * `hasOwnProperty`) are plain keys, kept as sent.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether JSON text may hold a forbidden key (spelled out, or escaped): only then is the value walked. */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

/**
 * Whether JSON text opens more than `max` objects and lists inside one another. One pass over the
 * characters, brackets inside strings skipped, nothing allocated: it runs on every JSON body before
 * it is parsed.
 */
export function jsonNestsDeeperThan(text: string, max = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = closingQuote(text, i);
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/** Where the string opened at `open` ends (the text's end when it does not). */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote > 0) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/**
 * The keys leading to the first object or list nested deeper than `max` in `value`, or null. The walk
 * stops at the limit, so it never goes deeper than `max` + 1 calls, whatever `value` holds.
 */
export function pathNestedDeeperThan(value: unknown, max = MAX_NESTING_DEPTH): string[] | null {
  if (typeof value !== 'object' || value === null) return null;
  if (max <= 0) return [];
  for (const [key, item] of Object.entries(value)) {
    const found = pathNestedDeeperThan(item, max - 1);
    if (found) return [key, ...found];
  }
  return null;
}

/** The keys leading to the first forbidden key in `value` (nested at most `MAX_NESTING_DEPTH`), or null. */
export function pathToForbiddenKey(value: unknown): string[] | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) return [key];
    const found = pathToForbiddenKey(item);
    if (found) return [key, ...found];
  }
  return null;
}

/** The field a path of keys names (`data.a.structValue`, `nodes[2]`), under `prefix`; the body for none. */
export const fieldNameOf = (keys: string[], prefix = ''): string => keys.reduce(joinPath, prefix) || 'body';

export const NESTING_RULE = `at most ${MAX_NESTING_DEPTH} objects and lists inside one another`;

export const nestedTooDeepError = (field: string): InvalidFieldError =>
  new InvalidFieldError(field, 'TooDeep', `${field} is nested too deeply: ${NESTING_RULE}`);

export const forbiddenKeyError = (field: string): InvalidFieldError =>
  new InvalidFieldError(
    field,
    'NotAllowed',
    `${field}: ${[...FORBIDDEN_KEYS].map((k) => `"${k}"`).join(', ')} are not allowed as names`,
  );

/**
 * Why JSON a client sent in a field (`prefix`; the body for none), parsed from `text`, is refused: it
 * nests deeper than `max`, or holds a forbidden key. Null when it is fine. The depth is counted on the
 * text (one cheap pass), and the value is walked only when the text may hold a forbidden key.
 */
export function clientJsonProblem(
  text: string,
  value: unknown,
  prefix = '',
  max = MAX_NESTING_DEPTH,
): InvalidFieldError | null {
  if (jsonNestsDeeperThan(text, max))
    return nestedTooDeepError(fieldNameOf(pathNestedDeeperThan(value, max) ?? [], prefix));
  const forbidden = MAY_HOLD_FORBIDDEN_KEY.test(text) ? pathToForbiddenKey(value) : null;
  return forbidden ? forbiddenKeyError(fieldNameOf(forbidden, prefix)) : null;
}

/** JSON text a client sent in a field (`prefix`): undefined when it is not JSON; throws `clientJsonProblem`'s 400. */
export function parseClientJson(text: string, prefix: string, max = MAX_NESTING_DEPTH): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown; // iterative in V8: no depth overflows it
  } catch {
    return undefined;
  }
  const problem = clientJsonProblem(text, value, prefix, max);
  if (problem) throw problem;
  return value;
}
