import { ArgumentMetadata, Injectable, PipeTransform, Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { InvalidFieldError } from '../common/errors/domain-errors';
import {
  fieldNameOf,
  MAX_NESTING_DEPTH,
  nestedTooDeepError,
  parseClientJson,
  FORBIDDEN_KEYS,
  forbiddenKeyError,
} from '../common/validation/input-shape';
import { hasStringFields } from './body-parsers';

/** Where @nestjs/swagger keeps a DTO's `@ApiProperty` metadata. */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

/** What a value is expected to be, read from the DTO's OpenAPI metadata. */
type Schema =
  | { kind: 'string' | 'number' | 'boolean' | 'unknown' }
  | { kind: 'dto'; dto: Type }
  /** A free-form map (a Struct, `integrationData`): its keys are user data, its values may be DTOs. */
  | { kind: 'map'; values: Schema }
  | { kind: 'array'; items: Schema };

interface SchemaMetadata {
  type?: unknown;
  isArray?: boolean;
  items?: SchemaMetadata;
  additionalProperties?: SchemaMetadata | boolean;
  $ref?: string;
}

interface Shape {
  exact: Map<string, { name: string; schema: Schema }>;
  byLowerCase: Map<string, { name: string; schema: Schema }>;
}

const UNKNOWN: Schema = { kind: 'unknown' };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isClass = (value: unknown): value is Type =>
  typeof value === 'function' && value.prototype !== undefined;

/**
 * Binds plain objects to DTO classes as ServiceStack does: property names match
 * case-insensitively (C# clients send `PascalCase`), and string-valued sources (query strings,
 * forms) are converted by the property's type: numbers, booleans, comma-joined lists, JSON for
 * objects. Only keys that are DTO properties are matched: the keys of free-form maps (`data`,
 * `flowParams`, `structValue`, `integrationData`) are user data and stay exactly as sent, while the
 * values inside them (`Value`, `IntegrationData`) are DTOs again. A forbidden key (`__proto__`,
 * `constructor`, `prototype`) is a 400 naming it, wherever the binder meets it.
 */
export class DtoBinder {
  private readonly shapes = new WeakMap<Type, Shape | null>();
  private readonly modelsByName: Map<string, Type>;

  /** `models`: the classes OpenAPI metadata refers to by `$ref` (the document's `extraModels`). */
  constructor(models: Type[] = []) {
    this.modelsByName = new Map(models.map((m) => [m.name, m]));
  }

  bind(value: unknown, dto: Type, stringFields: boolean): unknown {
    return this.convert(value, { kind: 'dto', dto }, stringFields, []);
  }

  /**
   * `path`: the keys leading to `value`, for the errors. A forbidden key is refused wherever it is,
   * and JSON text in a string field may nest only as deep as the limit leaves room for at its depth.
   */
  private convert(value: unknown, schema: Schema, stringFields: boolean, path: string[]): unknown {
    if (stringFields && typeof value === 'string') value = this.fromString(value, schema, path);
    switch (schema.kind) {
      case 'dto':
        return this.bindObject(value, schema.dto, stringFields, path);
      case 'map':
        return isPlainObject(value)
          ? Object.fromEntries(
              Object.entries(value).map(([key, v]) => [
                key,
                this.convert(v, schema.values, stringFields, childPath(path, key)),
              ]),
            )
          : value;
      case 'array':
        return Array.isArray(value)
          ? value.map((item, i) => this.convert(item, schema.items, stringFields, childPath(path, String(i))))
          : value;
      default:
        return value;
    }
  }

  private fromString(value: string, schema: Schema, path: string[]): unknown {
    const text = value.trim();
    switch (schema.kind) {
      case 'number':
        return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : value;
      case 'boolean':
        return /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : value;
      case 'array':
        if (text.startsWith('[')) return this.parseJson(text, path) ?? value;
        return text === '' ? [] : value.split(',');
      case 'dto':
      case 'map':
        return text.startsWith('{') ? (this.parseJson(text, path) ?? value) : value;
      default:
        return value;
    }
  }

  /** JSON in a string field; left as sent when it is not JSON, for validation to name the field. */
  private parseJson(text: string, path: string[]): unknown {
    return parseClientJson(text, fieldNameOf(path), MAX_NESTING_DEPTH - path.length);
  }

  private bindObject(value: unknown, dto: Type, stringFields: boolean, path: string[]): unknown {
    if (!isPlainObject(value)) return value;
    const shape = this.shapeOf(dto);
    if (!shape) return value;
    const bound: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const property = shape.exact.get(key) ?? shape.byLowerCase.get(key.toLowerCase());
      const at = childPath(path, key);
      if (!property) {
        bound[key] = field; // not a property: the validation pipe strips it
      } else if (property.name === key || !Object.hasOwn(value, property.name)) {
        bound[property.name] = this.convert(field, property.schema, stringFields, at);
      }
    }
    return bound;
  }

  private shapeOf(dto: Type): Shape | null {
    let shape = this.shapes.get(dto);
    if (shape !== undefined) return shape;
    const names = propertiesOf(dto);
    shape = names.length === 0 ? null : { exact: new Map(), byLowerCase: new Map() };
    this.shapes.set(dto, shape); // before recursing: DTOs may refer to themselves
    for (const name of names) {
      const meta = Reflect.getMetadata(API_MODEL_PROPERTIES, dto.prototype as object, name) as
        SchemaMetadata | undefined;
      const property = { name, schema: meta ? this.schemaOf(meta) : UNKNOWN };
      shape!.exact.set(name, property);
      shape!.byLowerCase.set(name.toLowerCase(), property);
    }
    return shape;
  }

  private schemaOf(meta: SchemaMetadata): Schema {
    let type = meta.type;
    // `type: () => Dto` (lazy, for circular references): an arrow function has no prototype.
    if (typeof type === 'function' && !isClass(type)) type = (type as () => unknown)();
    if (Array.isArray(type))
      return { kind: 'array', items: this.schemaOf({ ...meta, type: type[0], isArray: false }) };
    // An enum list is documented as `type: 'array'` with `items` AND `isArray`: one level of array, not two.
    if (type === 'array' || type === Array)
      return { kind: 'array', items: meta.items ? this.schemaOf(meta.items) : UNKNOWN };
    if (meta.isArray) return { kind: 'array', items: this.schemaOf({ ...meta, isArray: false }) };
    if (meta.$ref) return this.modelSchema(meta.$ref);
    if (type === String || type === 'string') return { kind: 'string' };
    if (type === Number || type === 'number' || type === 'integer') return { kind: 'number' };
    if (type === Boolean || type === 'boolean') return { kind: 'boolean' };
    if (isPlainObject(meta.additionalProperties))
      return { kind: 'map', values: this.schemaOf(meta.additionalProperties) };
    if (type === 'object' || type === Object) return { kind: 'map', values: UNKNOWN };
    if (isClass(type) && propertiesOf(type).length > 0) return { kind: 'dto', dto: type };
    return UNKNOWN;
  }

  private modelSchema(ref: string): Schema {
    const dto = this.modelsByName.get(ref.slice(ref.lastIndexOf('/') + 1));
    return dto ? { kind: 'dto', dto } : UNKNOWN;
  }
}

function propertiesOf(dto: Type): string[] {
  const documented = (
    (Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, dto.prototype as object) as string[] | undefined) ?? []
  ).map((name) => name.replace(/^:/, ''));
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...documented, ...validated])];
}

/** The path one key further down; refuses a forbidden key and input nested past the limit. */
function childPath(path: string[], key: string): string[] {
  const child = [...path, key];
  if (FORBIDDEN_KEYS.has(key)) throw forbiddenKeyError(fieldNameOf(child));
  if (child.length > MAX_NESTING_DEPTH) throw nestedTooDeepError(fieldNameOf(child));
  return child;
}

/**
 * Runs before the validation pipe on every `@Body()` and `@Query()` DTO. Also reports a path
 * parameter a predefined route (`/api/GetAccount`) was called without: on the custom route the
 * router guarantees it, here it must come from the body or query.
 */
@Injectable()
export class ServiceStackBindingPipe implements PipeTransform {
  constructor(private readonly binder: DtoBinder) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (
      metadata.type === 'param' &&
      typeof metadata.data === 'string' &&
      (value === undefined || value === '')
    ) {
      throw new InvalidFieldError(metadata.data, 'NotEmpty', `'${metadata.data}' must not be empty.`);
    }
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !isClass(metadata.metatype)) return value;
    return this.binder.bind(value, metadata.metatype, metadata.type === 'query' || hasStringFields(value));
  }
}
