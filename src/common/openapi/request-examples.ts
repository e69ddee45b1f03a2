import type { OpenAPIObject } from '@nestjs/swagger';
import { STRUCT_EXAMPLE, VALUE_EXAMPLE } from '../../contract/struct.dto';

/**
 * Placeholders for the ids an example body names: replace them with ids of your own (`GET /accounts`,
 * ...). With the demo tenant seeded, the document this server serves has the demo account's id in place
 * of `<accountId>` (`fillExampleIds`); the committed `openapi.json` keeps the placeholders.
 */
export const EXAMPLE_IDS = {
  accountId: '<accountId>',
  endpointId: '<endpointId>',
} as const;

const { accountId, endpointId } = EXAMPLE_IDS;

/**
 * The prefilled body of every operation that takes one, by operationId: small, and valid as it is (once
 * its ids are yours), so "Try it out" works without deleting a scaffold of `"string"` placeholders.
 * An operation with a body and no example here stops the document from being built.
 */
export const REQUEST_EXAMPLES: Record<string, object> = {
  Authenticate: { userName: 'admin@example.com', password: 'change-me-now' },
  GetAccessToken: { refreshToken: '<refreshToken from POST /auth/credentials>' },
  NewApiKey: { name: 'CI pipeline' },
  NewUser: { accountId, emailAddress: 'jane@example.com', password: 'a-long-password', roles: ['Manager'] },
  NewAccount: { name: 'Acme Dental', maxPhoneNumbers: 10 },
  PatchAccount: { name: 'Acme Dental' },
  NewCustomer: { accountId, name: 'Front Desk' },
  PatchCustomer: { name: 'Front Desk', data: STRUCT_EXAMPLE },
  NewTag: { accountId, name: 'Priority', color: 'Gold' },
  PatchTag: { name: 'Key accounts', color: 'Green' },
  NewWebhook: { accountId, url: 'https://example.com/hooks/evo', eventTypes: ['endpoint.created'] },
  PatchSystemSettings: {
    accountId,
    endpointFields: [{ name: 'Department', type: 'String', defaultValue: VALUE_EXAMPLE }],
  },
  NewFlow: {
    accountId,
    name: 'Hang up',
    roles: ['PhoneNumberRouting'],
    nodes: [
      {
        id: 'hang-up',
        name: 'Hang up',
        isStartNode: true,
        spec: { name: 'Hang Up', typeName: 'HangUpNode', url: '/json/reply/HangUpNode' },
      },
    ],
  },
  PatchFlow: { name: 'Hang up', description: 'Ends every call' },
  CopyFlow: { name: 'Hang up (copy)' },
  // What GET /packages answers for a package of no flows that read one custom field.
  ImportPackage: {
    accountId,
    package: { flows: [], endpointFields: [{ name: 'Department', type: 'String' }] },
  },
  BuyPhoneNumber: { accountId, number: '+15005550006' },
  PatchEndpoint: { displayName: 'Front desk', data: STRUCT_EXAMPLE },
  VerifyCallerId: { endpointId },
  SetPhoneNumberIsFax: { isFax: true },
  SyncPhoneNumbers: { accountId },
  TestEndpointSchedule: { dateTime: '2026-12-24T09:30:00-05:00' },
  TestCustomerSchedule: {
    dateTime: '2026-12-24T09:30:00-05:00',
    schedule: { timeZoneId: 'America/New_York', forceClosed: true },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Puts each operation's example body into the document (see `REQUEST_EXAMPLES`), and a Value's. */
export function documentRequestExamples(document: OpenAPIObject): OpenAPIObject {
  const value = document.components?.schemas?.Value;
  if (value && !('$ref' in value)) value.example = VALUE_EXAMPLE;
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const body = operation?.requestBody;
      if (!operation || !body || !('content' in body)) continue;
      const example = REQUEST_EXAMPLES[operation.operationId ?? ''];
      if (!example)
        throw new Error(`${operation.operationId} takes a body but has no example (REQUEST_EXAMPLES)`);
      for (const media of Object.values(body.content)) media.example = example;
    }
  }
  return document;
}

/**
 * The served document with the placeholders of `EXAMPLE_IDS` replaced by real ids (the demo tenant's),
 * so that its examples work as they are.
 */
export function fillExampleIds(
  document: OpenAPIObject,
  ids: Partial<Record<keyof typeof EXAMPLE_IDS, string>>,
): void {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      for (const [name, id] of Object.entries(ids))
        if (id && value === EXAMPLE_IDS[name as keyof typeof EXAMPLE_IDS]) return id;
      return value;
    }
    if (Array.isArray(value)) return value.map(replace);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const body = item[method]?.requestBody;
      if (!body || !('content' in body)) continue;
      for (const media of Object.values(body.content))
        if (media.example) media.example = replace(media.example);
    }
  }
}
