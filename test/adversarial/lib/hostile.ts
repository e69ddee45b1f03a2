import fc from 'fast-check';
import type { Schema } from './openapi';

/** The fixed seed CI runs with; `ADVERSARIAL_SEED` replaces it (`random`: a new one each run, printed). */
export const SEED = ((): number => {
  const given = process.env.ADVERSARIAL_SEED;
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31);
  return given ? Number(given) : 20261207;
})();

/** Values per field in CI; `ADVERSARIAL_RUNS` asks for more (or fewer). */
export const RUNS = Number(process.env.ADVERSARIAL_RUNS ?? 2);

/** A JSON text sent as is inside a body (deep nesting the test process would not stringify). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold `RawJson` parts; own `__proto__` keys are kept. */
export function serialize(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${serialize((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** `[[[…]]]` `depth` deep. */
export const deepArray = (depth: number) => new RawJson('['.repeat(depth) + ']'.repeat(depth));
/** `{"a":{"a":…}}` `depth` deep. */
export const deepObject = (depth: number) => new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
/** A Struct whose Values nest `depth` Structs deep. */
export const deepStruct = (depth: number) =>
  new RawJson('{"k":{"structValue":'.repeat(depth) + '{}' + '}}'.repeat(depth));

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** An object holding a prototype key as an own property (as JSON.parse makes it). */
const prototypeObject = (key: string, inner: unknown) =>
  JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(inner)}}`);

/** Strings no field should fail on: NUL, lone surrogates, scripts, injection look-alikes, sizes. */
const hostileStrings: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udfff\ud800',
  ...PROTOTYPE_KEYS,
  'toString',
  'hasOwnProperty',
  "' OR '1'='1",
  "'; DROP TABLE endpoints; --",
  '" OR 1=1 --',
  '$.a[*] ? (@ == 1)',
  '{"$gt": ""}',
  '%',
  '_',
  '\\',
  '%00',
  '../../etc/passwd',
  '${7*7}{{7*7}}',
  '\u202e\u200b\ufeff',
  'Ω≈ç√∫ 日本語 😀 👩‍👩‍👧',
  'ｆｕｌｌｗｉｄｔｈ',
  'a'.repeat(256),
  'a'.repeat(100_000),
  '9'.repeat(400),
  '-1',
  'NaN',
  'true',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'http://127.0.0.1:1/',
];

/** Loopback URLs only: the suite never names another host, not even in a refused request. */
export const LOOPBACK_URLS = [
  'http://127.0.0.1:1/hook',
  'http://localhost:1/hook',
  'http://[::1]:1/hook',
  'http://0x7f000001:1/hook',
  'http://127.1:1/hook',
  'http://[::ffff:127.0.0.1]:1/hook',
  'http://2130706433:1/hook',
];

const anyString = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Strings with lone surrogates among other characters.
  fc
    .array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 })
    .map((units) => String.fromCharCode(...units)),
);

/** Values of every JSON type, including prototype-keyed and deep ones. */
const wrongTypes: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5),
  anyString,
  fc.constantFrom<unknown>([], {}, [[]], [null], [{}], [[[]]], [1, 'a', null], { a: null }),
  fc
    .constantFrom(...PROTOTYPE_KEYS)
    .map((key) => prototypeObject(key, { isAdmin: true, roles: ['SystemAdministrator'] })),
  fc.constantFrom(...PROTOTYPE_KEYS).map((key) => [prototypeObject(key, { polluted: true })]),
  fc.constantFrom(deepArray(5000), deepObject(5000), deepStruct(500)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Hostile values for a field of `schema`: wrong types, and within its type, the edges of it. */
export function hostileFor(schema: Schema, name: string): fc.Arbitrary<unknown> {
  const typed: fc.Arbitrary<unknown>[] = [];
  if (/url/i.test(name)) typed.push(fc.constantFrom(...LOOPBACK_URLS));
  if (schema.type === 'string' || schema.enum) typed.push(anyString);
  if (schema.type === 'integer' || schema.type === 'number')
    typed.push(
      fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e21)),
    );
  if (schema.type === 'array')
    typed.push(
      fc.array(wrongTypes, { maxLength: 4 }),
      fc.array(anyString, { maxLength: 3 }),
      fc.constantFrom(deepArray(20_000), new RawJson(`[${'"a",'.repeat(20_000)}"a"]`)),
    );
  if (schema.type === 'object' || schema.additionalProperties)
    typed.push(
      fc.dictionary(fc.oneof(anyString, fc.constantFrom(...PROTOTYPE_KEYS)), wrongTypes, { maxKeys: 3 }),
      fc.constantFrom(deepStruct(1000), deepObject(50_000)),
    );
  const values = fc.oneof(wrongTypes, ...typed);
  // A URL field never receives a URL of another host, not even at random.
  return /url/i.test(name) ? values.filter((value) => !namesAnotherHost(value)) : values;
}

/** Does this value parse as a URL whose host is not this machine? */
function namesAnotherHost(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { hostname } = new URL(value);
  return hostname !== '' && !/^(localhost|127\.0\.0\.1|\[::1\]|\[::ffff:7f00:1\])$/.test(hostname);
}

/** Hostile query-string values (strings: the query holds nothing else). */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  anyString,
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.integer().map(String),
  fc.constantFrom('1e400', '-1', '2147483648', ',,,', 'a,__proto__,b', '[]', '{}'),
);

/** A seed per name, so that each field gets its own values and the whole run is reproducible. */
export function seedFor(name: string): number {
  let hash = SEED;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

export function sample<T>(arbitrary: fc.Arbitrary<T>, name: string, numRuns = RUNS): T[] {
  return fc.sample(arbitrary, { seed: seedFor(name), numRuns });
}

/**
 * Values every body field gets whatever the seed: the classes of input the service must refuse
 * cleanly (null, NUL, a lone surrogate, a prototype key, an array of arrays, a prototype-keyed object).
 */
export const EDGE_VALUES: unknown[] = [
  null,
  '',
  'a\u0000b',
  'x\ud800',
  '__proto__',
  [[]],
  prototypeObject('__proto__', { isAdmin: true }),
];
/** The few of them every nested field gets (and every top-level field in a light pass). */
export const NESTED_EDGE_VALUES: unknown[] = [null, 'x\ud800', [[]]];
/** Query and path values every parameter gets. */
export const EDGE_STRINGS = ['', '\u0000', 'x\ud800', '__proto__', 'constructor', 'a'.repeat(5000)];
