import { fieldNameOf, NESTING_RULE, pathNestedDeeperThan } from './input-shape';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const STRUCT_MAX_BYTES = 64 * 1024;
export const STRUCT_MAX_KEY_LENGTH = 255;

const VALUE_KEYS = new Set(['boolValue', 'stringValue', 'numberValue', 'listValue', 'structValue']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Returns the first problem in a Struct as `[path, message]`, or null when it is well formed.
 * Bounds depth (`MAX_NESTING_DEPTH` objects and lists, the Struct itself included: a Struct in a
 * Struct's Value is two levels down) and key length here; total size is bounded by the caller on the
 * serialised form.
 */
export function findStructProblem(struct: unknown, path: string): [string, string] | null {
  const tooDeep = pathNestedDeeperThan(struct);
  if (tooDeep) return [fieldNameOf(tooDeep, path), `is nested too deeply: ${NESTING_RULE}`];
  return structProblem(struct, path);
}

/** The problem of a Struct nested within the limit (so this recursion is bounded). */
function structProblem(struct: unknown, path: string): [string, string] | null {
  if (!isPlainObject(struct)) return [path, 'must be an object mapping names to Values'];
  for (const [key, value] of Object.entries(struct)) {
    const at = `${path}.${key}`;
    if (key.length === 0 || key.length > STRUCT_MAX_KEY_LENGTH) {
      return [at, `keys must be 1 to ${STRUCT_MAX_KEY_LENGTH} characters`];
    }
    if (value === null) continue;
    if (!isPlainObject(value)) return [at, 'must be a Value object'];
    for (const [k, v] of Object.entries(value)) {
      if (!VALUE_KEYS.has(k))
        return [`${at}.${k}`, `is not a Value field (expected one of ${[...VALUE_KEYS].join(', ')})`];
      if (v === null || v === undefined) continue;
      if (k === 'boolValue' && typeof v !== 'boolean') return [`${at}.${k}`, 'must be a boolean'];
      if (k === 'stringValue' && typeof v !== 'string') return [`${at}.${k}`, 'must be a string'];
      if (k === 'numberValue' && (typeof v !== 'number' || !Number.isFinite(v)))
        return [`${at}.${k}`, 'must be a finite number'];
      if (k === 'structValue') {
        const problem = structProblem(v, `${at}.${k}`);
        if (problem) return problem;
      }
      if (k === 'listValue') {
        if (!Array.isArray(v)) return [`${at}.${k}`, 'must be a list of Structs'];
        for (let i = 0; i < v.length; i++) {
          if (v[i] === null) continue;
          const problem = structProblem(v[i], `${at}.${k}[${i}]`);
          if (problem) return problem;
        }
      }
    }
  }
  return null;
}

function structError(value: unknown, property: string): string | null {
  const problem = findStructProblem(value, property);
  if (problem) return `${problem[0]} ${problem[1]}`;
  if (Buffer.byteLength(JSON.stringify(value)) > STRUCT_MAX_BYTES) {
    return `${property} must be at most ${STRUCT_MAX_BYTES} bytes of JSON`;
  }
  return null;
}

/** Validates a property as an Evo `Struct`: shape, depth and serialised size. */
export function IsStruct(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStruct',
      target: object.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          return structError(value, args.property) === null;
        },
        defaultMessage(args: ValidationArguments) {
          return structError(args.value, args.property) ?? `${args.property} must be a Struct`;
        },
      },
    });
  };
}
