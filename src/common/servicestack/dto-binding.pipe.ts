import { ArgumentMetadata, Injectable, PipeTransform, Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { hasStringFields } from './body-parsers';

/** Where @nestjs/swagger keeps a DTO's `@ApiProperty` metadata. */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

type Kind = 'string' | 'number' | 'boolean' | 'other';

interface Property {
  name: string;
  kind: Kind;
  isArray: boolean;
  /** The DTO class of a nested object (its keys are bound too); absent for maps such as Structs. */
  dto?: Type;
}

interface Shape {
  exact: Map<string, Property>;
  byLowerCase: Map<string, Property>;
}

interface ApiPropertyMetadata {
  type?: unknown;
  isArray?: boolean;
  items?: { type?: unknown };
}

const shapes = new WeakMap<Type, Shape | null>();

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isClass = (value: unknown): value is Type =>
  typeof value === 'function' && value.prototype !== undefined;

function propertiesOf(type: Type): string[] {
  const swagger = (
    (Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, type.prototype as object) as string[] | undefined) ?? []
  ).map((name) => name.replace(/^:/, ''));
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(type, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...swagger, ...validated])];
}

function kindOf(type: unknown): { kind: Kind; dto?: Type } {
  if (type === String || type === 'string') return { kind: 'string' };
  if (type === Number || type === 'number' || type === 'integer') return { kind: 'number' };
  if (type === Boolean || type === 'boolean') return { kind: 'boolean' };
  if (isClass(type) && type !== Object && type !== Array && propertiesOf(type).length > 0)
    return { kind: 'other', dto: type };
  return { kind: 'other' };
}

function describe(type: Type, name: string): Property {
  const meta =
    (Reflect.getMetadata(API_MODEL_PROPERTIES, type.prototype as object, name) as
      ApiPropertyMetadata | undefined) ?? {};
  let declared = meta.type;
  // `type: () => Dto` (lazy, for circular references): an arrow function has no prototype.
  if (typeof declared === 'function' && !isClass(declared)) declared = (declared as () => unknown)();
  let isArray = meta.isArray === true;
  if (Array.isArray(declared)) {
    isArray = true;
    declared = declared[0];
  } else if (declared === 'array' || declared === Array) {
    isArray = true;
    declared = meta.items?.type;
  }
  return { name, isArray, ...kindOf(declared) };
}

function shapeOf(type: Type): Shape | null {
  let shape = shapes.get(type);
  if (shape !== undefined) return shape;
  const names = propertiesOf(type);
  shape = names.length === 0 ? null : { exact: new Map(), byLowerCase: new Map() };
  for (const name of names) {
    const property = describe(type, name);
    shape!.exact.set(name, property);
    shape!.byLowerCase.set(name.toLowerCase(), property);
  }
  shapes.set(type, shape);
  return shape;
}

function convertScalar(value: unknown, property: Property, stringFields: boolean): unknown {
  if (stringFields && typeof value === 'string') {
    const text = value.trim();
    if (property.kind === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (property.kind === 'boolean' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    if (property.kind === 'other' && /^[[{]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch {
        return value; // left for validation to name the field
      }
    }
  }
  return property.dto ? bindDto(value, property.dto, stringFields) : value;
}

function convert(value: unknown, property: Property, stringFields: boolean): unknown {
  if (!property.isArray) return convertScalar(value, property, stringFields);
  let items = value;
  if (stringFields && typeof value === 'string') items = value === '' ? [] : value.split(',');
  return Array.isArray(items) ? items.map((item) => convertScalar(item, property, stringFields)) : items;
}

/**
 * Binds a plain object to a DTO class as ServiceStack does: property names match
 * case-insensitively (C# clients send `PascalCase`), and string-valued sources (query strings,
 * forms) are converted by the property's type: numbers, booleans, comma-joined lists. Only keys
 * that are properties of the DTO (or of nested DTOs) are touched: the keys of free-form maps
 * (`data`, `flowParams`, ... Structs) are user data and stay exactly as sent.
 */
export function bindDto(value: unknown, type: Type, stringFields: boolean): unknown {
  if (!isPlainObject(value)) return value;
  const shape = shapeOf(type);
  if (!shape) return value;
  const bound: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const property = shape.exact.get(key) ?? shape.byLowerCase.get(key.toLowerCase());
    if (!property) {
      bound[key] = field; // not a property: the validation pipe strips it
    } else if (property.name === key || !Object.hasOwn(value, property.name)) {
      bound[property.name] = convert(field, property, stringFields);
    }
  }
  return bound;
}

/** Runs before the validation pipe on every `@Body()` and `@Query()` DTO. */
@Injectable()
export class ServiceStackBindingPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !isClass(metadata.metatype)) return value;
    return bindDto(value, metadata.metatype, metadata.type === 'query' || hasStringFields(value));
  }
}
