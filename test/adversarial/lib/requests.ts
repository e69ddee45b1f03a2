import { randomBytes } from 'node:crypto';
import type { Operation, Schema } from './openapi';
import { fillPath, queryString } from './openapi';
import { freshNumber, Kind, Role } from './world';

/** One request of an operation: path parameters, query and body, before serialisation. */
export interface RequestParts {
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  body?: Record<string, unknown>;
}

const unique = (): string => randomBytes(4).toString('hex');

/**
 * A valid body per operation, for the role acting: what a well-behaved client would send, so that a
 * substituted or hostile field is the only thing wrong with the request. Operations not listed send
 * `{}` when they take a body.
 */
const VALID_BODIES: Record<string, (role: Role) => Record<string, unknown>> = {
  Authenticate: () => ({ userName: `nobody-${unique()}@test.local`, password: 'not-the-password' }),
  GetAccessToken: () => ({ refreshToken: 'not-a-refresh-token' }),
  NewApiKey: () => ({ name: `key ${unique()}` }),
  NewUser: (r) => ({
    accountId: r.accountId,
    emailAddress: `user-${unique()}@test.local`,
    password: `password-${unique()}`,
    roles: ['Customer'],
    customerId: r.own.customer,
  }),
  NewAccount: () => ({ name: `Account ${unique()}` }),
  PatchAccount: () => ({ name: `Account ${unique()}` }),
  NewCustomer: (r) => ({
    accountId: r.accountId,
    name: `Customer ${unique()}`,
    parentCustomerId: r.own.customer,
  }),
  PatchCustomer: () => ({ name: `Customer ${unique()}` }),
  NewTag: (r) => ({ accountId: r.accountId, name: `Tag ${unique()}`, color: 'Blue' }),
  PatchTag: () => ({ name: `Tag ${unique()}` }),
  NewWebhook: (r) => ({ accountId: r.accountId, url: 'http://127.0.0.1:1/never-delivered' }),
  // The tag list replaces the catalogue: the role's own tags are listed so that none is deleted.
  PatchSystemSettings: (r) => ({ accountId: r.accountId, tags: r.ownTags.map((tag) => ({ ...tag })) }),
  NewFlow: (r) => ({
    accountId: r.accountId,
    customerId: r.customerId ?? undefined,
    name: `Flow ${unique()}`,
  }),
  PatchFlow: () => ({ name: `Flow ${unique()}` }),
  CopyFlow: () => ({ name: `Copy ${unique()}` }),
  ImportPackage: (r) => ({ accountId: r.accountId, package: { flows: [] } }),
  BuyPhoneNumber: (r) => ({
    accountId: r.accountId,
    customerId: r.customerId ?? undefined,
    number: freshNumber(),
    isVirtualPhoneNumber: true,
  }),
  PatchEndpoint: () => ({ displayName: `Endpoint ${unique()}` }),
  VerifyCallerId: (r) => ({ endpointId: r.own.endpoint }),
  SetPhoneNumberIsFax: () => ({ isFax: false }),
  SyncPhoneNumbers: (r) => ({ accountId: r.accountId }),
};

/** Query parameters an operation needs to answer at all. */
const VALID_QUERIES: Record<string, (role: Role) => Record<string, unknown>> = {
  GetSystemSettings: (r) => ({ accountId: r.accountId }),
  GetAvailableNodes: (r) => ({ flowId: r.own.flow }),
  GetFlowParameters: (r) => ({ accountId: r.accountId }),
  GetPackage: (r) => ({ accountId: r.accountId, flowIds: r.own.flow }),
  SearchPhoneNumbers: (r) => ({ accountId: r.accountId }),
};

/** The kind of object a path parameter of `operation` names. */
export function pathParamKind(operation: Operation, name: string): Kind | undefined {
  if (name === 'id') return operation.path.startsWith('/auth/api-keys') ? 'apiKey' : 'webhook';
  return idKind(name);
}

/** The kind of object a field or filter named `name` holds (`tagIds` → tag), if it names one. */
export function idKind(name: string): Kind | undefined {
  const stem = name
    .replace(/Ids?$/, '')
    .replace(/^parent/, '')
    .toLowerCase();
  const kinds: Record<string, Kind> = {
    account: 'account',
    customer: 'customer',
    flow: 'flow',
    tag: 'tag',
    endpoint: 'endpoint',
    emergencyphonenumber: 'endpoint',
  };
  return /Ids?$/.test(name) ? kinds[stem] : undefined;
}

/** The kind of the items a list operation answers (for `specificIds`). */
export function listKind(operation: Operation): Kind | undefined {
  const kinds: Record<string, Kind> = {
    '/endpoints': 'endpoint',
    '/customers': 'customer',
    '/tags': 'tag',
    '/flows': 'flow',
    '/accounts': 'account',
    '/webhooks': 'webhook',
  };
  return kinds[operation.path];
}

/** The request a well-behaved client of `role` sends to `operation`, on the role's own objects. */
export function validRequest(operation: Operation, role: Role): RequestParts {
  const pathParams: Record<string, string> = {};
  for (const p of operation.pathParams) {
    const kind = pathParamKind(operation, p.name);
    if (!kind) throw new Error(`${operation.operationId}: unknown path parameter ${p.name}`);
    pathParams[p.name] = role.own[kind];
  }
  return {
    pathParams,
    query: VALID_QUERIES[operation.operationId]?.(role) ?? {},
    body: operation.body ? (VALID_BODIES[operation.operationId]?.(role) ?? {}) : undefined,
  };
}

/** The URL (path and query) of a request. */
export function urlOf(operation: Operation, parts: RequestParts): string {
  return fillPath(operation, parts.pathParams) + queryString(parts.query);
}

/** Logging out ends the session the request names: these run with a session of their own. */
export const ENDS_SESSION = new Set(['Logout', 'LogoutByGet']);

/** A place in a body schema: the path to a property (the step `'[]'` enters array items) and its schema. */
export interface BodySlot {
  path: string[];
  schema: Schema;
}

/** Every property of a body schema, at every depth (recursive schemas and free-form maps not entered). */
export function bodySlots(schema: Schema | undefined, prefix: BodySlot['path'] = [], depth = 0): BodySlot[] {
  if (!schema || depth > 4) return [];
  const slots: BodySlot[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    slots.push({ path, schema: property });
    if (property.properties) slots.push(...bodySlots(property, path, depth + 1));
    if (property.items?.properties) slots.push(...bodySlots(property.items, [...path, '[]'], depth + 1));
  }
  return slots;
}

/** The slot's name as printed: `tags[].id`. */
export const slotName = (slot: BodySlot): string => slot.path.join('.').replace(/\.\[\]/g, '[]');

/** A minimal valid-looking object of a schema: its required properties with plain values. */
function minimalObject(schema: Schema): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    const property = schema.properties?.[name] ?? {};
    object[name] = property.enum
      ? property.enum[0]
      : property.type === 'boolean'
        ? false
        : property.type === 'integer' || property.type === 'number'
          ? 0
          : property.type === 'array'
            ? []
            : property.type === 'object'
              ? {}
              : `adversarial-${unique()}`;
  }
  return object;
}

/**
 * A copy of `body` with `value` at the slot: missing objects are created, and a `'[]'` step appends
 * a minimal item to the array (so an existing list, like the tag catalogue, is kept).
 */
export function withSlot(
  body: Record<string, unknown> | undefined,
  slot: BodySlot,
  value: unknown,
  root: Schema,
): Record<string, unknown> {
  const copy: Record<string, unknown> = structuredClone(body ?? {});
  let target: any = copy;
  let schema: Schema = root;
  for (let i = 0; i < slot.path.length - 1; i++) {
    const step = slot.path[i];
    if (step === '[]') {
      const item = minimalObject(schema.items ?? {});
      (target as unknown[]).push(item);
      target = item;
      schema = schema.items ?? {};
    } else {
      schema = schema.properties?.[step] ?? {};
      if (slot.path[i + 1] === '[]') target[step] = Array.isArray(target[step]) ? target[step] : [];
      else if (typeof target[step] !== 'object' || target[step] === null)
        target[step] = minimalObject(schema);
      target = target[step];
    }
  }
  Object.defineProperty(target, slot.path[slot.path.length - 1], {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}
