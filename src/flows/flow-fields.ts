import { ValueTypes } from '../contract/value-types.enum';
import type { AccountCustomFields } from '../custom-fields/custom-fields.service';
import type { FlowField } from './dto/flow.dto';

/**
 * The fields a node parameter can read (`source` + `referenceId`), for `GET /flows/parameters`: the
 * built-in ones of the call, its endpoint and its customer, then the account's custom fields.
 */
const builtIn = (source: string, name: string, type: ValueTypes, description: string): FlowField => ({
  name,
  source,
  type,
  description,
  isBuiltIn: true,
});

export const BUILT_IN_FIELDS: readonly FlowField[] = [
  builtIn('Session', 'From', ValueTypes.String, 'The number or address the call comes from'),
  builtIn('Session', 'To', ValueTypes.String, 'The number or address the call was made to'),
  builtIn('Session', 'CallerIdName', ValueTypes.String, 'The caller id name (CNAM) of the caller'),
  builtIn('Session', 'SessionId', ValueTypes.String, 'The id of the call'),
  builtIn('Endpoint', 'DisplayName', ValueTypes.String, 'The display name of the endpoint called'),
  builtIn('Endpoint', 'PhoneNumber', ValueTypes.String, 'The phone number of the endpoint called'),
  builtIn('Endpoint', 'ReferenceId', ValueTypes.String, 'The third-party reference id of the endpoint'),
  builtIn('Customer', 'Name', ValueTypes.String, 'The name of the endpoint’s customer'),
  builtIn('Customer', 'ReferenceId', ValueTypes.String, 'The third-party reference id of the customer'),
];

/** The account's custom fields as flow fields: customer, endpoint and system fields, in their order. */
export function customFlowFields(fields: AccountCustomFields): FlowField[] {
  const list = (source: string, defs: AccountCustomFields['customerFields']) =>
    defs.map((f): FlowField => ({
      name: f.name,
      source,
      type: f.type,
      description: typeof f.description === 'string' ? f.description : null,
      isBuiltIn: false,
    }));
  return [
    ...list('Customer', fields.customerFields),
    ...list('Endpoint', fields.endpointFields),
    ...list('System', fields.systemFields),
  ];
}
