import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A JSON schema of the OpenAPI document, with every `$ref` and single `allOf` resolved. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  /** A schema met again inside itself (Value, Struct): not expanded further. */
  recursive?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, `/endpoints/{endpointId}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: Schema;
  /** Public operations (no `security`): the health checks and sign-in. */
  isPublic: boolean;
}

interface RawSchema extends Omit<Schema, 'properties' | 'items' | 'additionalProperties'> {
  $ref?: string;
  allOf?: RawSchema[];
  properties?: Record<string, RawSchema>;
  items?: RawSchema;
  additionalProperties?: RawSchema | boolean;
}

interface RawOperation {
  operationId: string;
  parameters?: { name: string; in: Parameter['in']; schema?: RawSchema }[];
  requestBody?: { content: Record<string, { schema: RawSchema }> };
  security?: unknown[];
}

interface Document {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, RawSchema> };
}

export const openApiDocument: Document = JSON.parse(
  readFileSync(join(process.cwd(), 'openapi.json'), 'utf8'),
);

/** Resolves `$ref`s and one-element `allOf`s; a schema already being expanded is marked `recursive`. */
function resolve(raw: RawSchema, seen: string[] = []): Schema {
  if (raw.$ref) {
    const name = raw.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) return { type: 'object', recursive: name };
    return resolve(openApiDocument.components.schemas[name], [...seen, name]);
  }
  if (raw.allOf?.length === 1) return { ...resolve(raw.allOf[0], seen), nullable: raw.nullable };
  const { properties, items, additionalProperties, allOf: _allOf, $ref: _ref, ...rest } = raw;
  const schema: Schema = { ...rest };
  if (properties)
    schema.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, resolve(v, seen)]));
  if (items) schema.items = resolve(items, seen);
  if (additionalProperties !== undefined)
    schema.additionalProperties =
      typeof additionalProperties === 'boolean' ? additionalProperties : resolve(additionalProperties, seen);
  if (!schema.type && schema.properties) schema.type = 'object';
  return schema;
}

/** Every operation of `openapi.json`, in document order. */
export function operations(): Operation[] {
  const result: Operation[] = [];
  for (const [path, methods] of Object.entries(openApiDocument.paths))
    for (const [method, raw] of Object.entries(methods)) {
      const params = (raw.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        schema: resolve(p.schema ?? { type: 'string' }),
      }));
      const body = raw.requestBody && Object.values(raw.requestBody.content)[0]?.schema;
      result.push({
        operationId: raw.operationId,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: body ? resolve(body) : undefined,
        isPublic: !raw.security?.length,
      });
    }
  return result;
}

/**
 * `encodeURIComponent`, except that a lone surrogate (which it refuses) is sent as the three bytes
 * UTF-8 would give it (invalid UTF-8 on the wire, as a hostile client may send).
 */
export function encodeComponent(value: string): string {
  return value.replace(/[\s\S]/gu, (char) => {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff)
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    return encodeURIComponent(char);
  });
}

/** The path with its parameters filled in (URL-encoded). */
export function fillPath(operation: Operation, values: Record<string, string>): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${operation.operationId}: no value for path parameter ${name}`);
    return encodeComponent(values[name]);
  });
}

/** A query string from values (arrays as repeated keys), with a leading `?` when not empty. */
export function queryString(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value])
      parts.push(`${encodeComponent(key)}=${encodeComponent(String(item))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
