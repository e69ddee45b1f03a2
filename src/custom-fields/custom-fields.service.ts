import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal';
import { newAudited, touched } from '../common/audit';
import { VALUE_TYPE_NAMES, ValueTypes } from '../contract/value-types.enum';
import { FieldError, ValidationFailedError } from '../common/errors/domain-errors';
import { findStructProblem, STRUCT_MAX_BYTES } from '../common/validation/struct.validator';
import { EndpointTypes } from '../contract/endpoint.enums';
import { CustomField, MAX_CUSTOM_FIELDS } from './dto/custom-field.dto';
import { CustomFieldRepository } from './custom-field.repository';
import { CustomFieldEntity, CustomFieldScope } from './entities/custom-field.entity';

/** An account's custom field definitions, each list in its stored order. */
export interface AccountCustomFields {
  customerFields: CustomField[];
  endpointFields: CustomField[];
  systemFields: CustomField[];
}

type FieldList = keyof AccountCustomFields;

/** Each list and the scope its fields are stored under. */
const LISTS: readonly (readonly [FieldList, CustomFieldScope])[] = [
  ['customerFields', 'Customer'],
  ['endpointFields', 'Endpoint'],
  ['systemFields', 'System'],
];

const NAME_MAX = 255;
/** Past this many, further errors are not listed (the lists are far off). */
const MAX_ERRORS = 50;
const FIELD_TYPES = Object.values(ValueTypes).filter((t) => t !== ValueTypes.Transition);
const ENDPOINT_TYPES: ReadonlySet<string> = new Set(Object.values(EndpointTypes));

const nameKey = (name: string): string => name.toLowerCase();
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * The custom field definitions of accounts (Evo's `customerFields`, `endpointFields`, `systemFields`).
 * Each field is stored as the client sent it, unknown properties included; names are unique
 * case-insensitively within a list.
 */
@Injectable()
export class CustomFieldsService {
  constructor(private readonly fields: CustomFieldRepository) {}

  async forAccount(accountId: string): Promise<AccountCustomFields> {
    return byList(await this.fields.forAccount(accountId));
  }

  /** Throws a 400 naming every problem of the lists given, e.g. `${pathPrefix}customerFields[0].type`. */
  validate(fields: Partial<AccountCustomFields>, pathPrefix = ''): void {
    const errors = LISTS.flatMap(([list]) =>
      fields[list] === undefined ? [] : listProblems(fields[list], list, `${pathPrefix}${list}`),
    );
    if (errors.length) throw new ValidationFailedError(errors.slice(0, MAX_ERRORS));
  }

  /**
   * Inside the caller's transaction: each list given replaces the account's list (one not given is
   * unchanged). A field whose name (case-insensitive) stays keeps its id and creation date.
   */
  async replace(
    manager: EntityManager,
    accountId: string,
    fields: Partial<AccountCustomFields>,
    actor: Principal | null,
  ): Promise<void> {
    this.validate(fields);
    const given = LISTS.filter(([list]) => fields[list] !== undefined);
    if (given.length === 0) return;
    await this.fields.lockAccount(manager, accountId);
    const stored = await this.fields.inAccount(
      manager,
      accountId,
      given.map(([, scope]) => scope),
    );
    const kept = new Set<string>();
    const added: CustomFieldEntity[] = [];
    for (const [list, scope] of given) {
      const existing = new Map(stored.filter((r) => r.scope === scope).map((r) => [r.nameKey, r]));
      for (const [position, field] of fields[list]!.entries()) {
        const row = existing.get(nameKey(field.name));
        if (!row) {
          added.push(this.newRow(accountId, scope, field, position, actor));
          continue;
        }
        kept.add(row.id);
        if (row.position !== position || JSON.stringify(row.field) !== JSON.stringify(field))
          await this.fields.update(manager, row.id, { name: field.name, field, position, ...touched(actor) });
      }
    }
    const removed = stored.filter((r) => !kept.has(r.id)).map((r) => r.id);
    await this.fields.delete(manager, removed);
    await this.fields.insert(manager, added);
  }

  /**
   * Inside the caller's transaction: adds the incoming fields whose name (case-insensitive) the
   * account lacks, at the end of their list; a field with the same name and the same type (and, for
   * endpoint fields, the same endpointType) is kept as the account has it; a different type or
   * endpointType is a 400 (errorCode `Conflict`) naming `${pathPrefix}customerFields[i].type` (or
   * `.endpointType`), and nothing is added. Returns the fields it added.
   */
  async merge(
    manager: EntityManager,
    accountId: string,
    incoming: AccountCustomFields,
    pathPrefix: string,
    actor: Principal | null = null,
  ): Promise<AccountCustomFields> {
    this.validate(incoming, pathPrefix);
    await this.fields.lockAccount(manager, accountId);
    const stored = await this.fields.inAccount(manager, accountId);
    const errors: FieldError[] = [];
    const conflict = (fieldName: string, message: string) =>
      errors.push({ fieldName, errorCode: 'Conflict', message: `${fieldName} ${message}` });
    const added: CustomFieldEntity[] = [];
    for (const [list, scope] of LISTS) {
      const mine = stored.filter((r) => r.scope === scope);
      const byKey = new Map(mine.map((r) => [r.nameKey, r.field]));
      let position = mine.reduce((last, r) => Math.max(last, r.position), -1) + 1;
      incoming[list].forEach((field, i) => {
        const at = `${pathPrefix}${list}[${i}]`;
        const existing = byKey.get(nameKey(field.name));
        if (!existing) added.push(this.newRow(accountId, scope, field, position++, actor));
        else if (existing.type !== field.type)
          conflict(
            `${at}.type`,
            `is ${field.type}, but the account's field '${existing.name}' is ${existing.type}`,
          );
        else if (
          list === 'endpointFields' &&
          (existing.endpointType ?? null) !== (field.endpointType ?? null)
        )
          conflict(
            `${at}.endpointType`,
            `is ${field.endpointType ?? 'not set'}, but on the account's field '${existing.name}' it is ` +
              `${existing.endpointType ?? 'not set'}`,
          );
      });
      if (position > MAX_CUSTOM_FIELDS)
        errors.push({
          fieldName: `${pathPrefix}${list}`,
          errorCode: 'Length',
          message: `${pathPrefix}${list} would give the account more than ${MAX_CUSTOM_FIELDS} fields`,
        });
    }
    if (errors.length) throw new ValidationFailedError(errors.slice(0, MAX_ERRORS));
    await this.fields.insert(manager, added);
    return byList(added);
  }

  /** Deletes every custom field of the accounts (when the accounts themselves are deleted). */
  async deleteForAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    await this.fields.deleteOfAccounts(manager, accountIds);
  }

  private newRow(
    accountId: string,
    scope: CustomFieldScope,
    field: CustomField,
    position: number,
    actor: Principal | null,
  ): CustomFieldEntity {
    return {
      ...newAudited(actor),
      accountId,
      scope,
      name: field.name,
      nameKey: nameKey(field.name),
      position,
      field,
    };
  }
}

function byList(rows: CustomFieldEntity[]): AccountCustomFields {
  const inScope = (scope: CustomFieldScope) => rows.filter((r) => r.scope === scope).map((r) => r.field);
  return {
    customerFields: inScope('Customer'),
    endpointFields: inScope('Endpoint'),
    systemFields: inScope('System'),
  };
}

/** The problems of one list of fields, named from `at` (`customerFields`). */
function listProblems(list: unknown, kind: FieldList, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (fieldName: string, errorCode: string, message: string) =>
    errors.push({ fieldName, errorCode, message: `${fieldName} ${message}` });
  if (!Array.isArray(list)) {
    fail(at, 'Invalid', 'must be a list of fields');
    return errors;
  }
  if (list.length > MAX_CUSTOM_FIELDS) fail(at, 'Length', `must hold at most ${MAX_CUSTOM_FIELDS} fields`);
  const names = new Set<string>();
  list.forEach((field: unknown, i) => {
    const item = `${at}[${i}]`;
    if (!isObject(field)) return fail(item, 'Invalid', 'must be a field object: {name, type, ...}');
    const { name, type, description, endpointType, defaultValue } = field;
    if (typeof name !== 'string' || name.trim().length === 0)
      fail(`${item}.name`, 'NotEmpty', 'must be a non-blank string');
    else if (name.length > NAME_MAX) fail(`${item}.name`, 'Length', `must be at most ${NAME_MAX} characters`);
    else if (names.has(nameKey(name)))
      fail(`${item}.name`, 'Duplicate', `repeats the name '${name}' (names are case-insensitive)`);
    else names.add(nameKey(name));
    if (!isSet(type) || type === '') fail(`${item}.type`, 'NotEmpty', 'is required');
    else if (type === ValueTypes.Transition)
      fail(`${item}.type`, 'Invalid', 'cannot be Transition: a field holds a value');
    else if (typeof type !== 'string' || !VALUE_TYPE_NAMES.has(type))
      fail(`${item}.type`, 'Enum', `must be one of: ${FIELD_TYPES.join(', ')}`);
    if (isSet(description) && typeof description !== 'string')
      fail(`${item}.description`, 'Invalid', 'must be a string');
    if (isSet(endpointType) && kind !== 'endpointFields')
      fail(`${item}.endpointType`, 'NotAllowed', 'is only meaningful on endpoint fields');
    else if (isSet(endpointType) && !(typeof endpointType === 'string' && ENDPOINT_TYPES.has(endpointType)))
      fail(`${item}.endpointType`, 'Enum', `must be one of: ${[...ENDPOINT_TYPES].join(', ')}`);
    if (isSet(defaultValue)) {
      // A single Value is checked as the one entry of a Struct, so the path ends in `.defaultValue`.
      const problem = findStructProblem({ defaultValue }, item);
      if (problem) fail(problem[0], 'Invalid', problem[1]);
    }
    if (Buffer.byteLength(JSON.stringify(field)) > STRUCT_MAX_BYTES)
      fail(item, 'Length', `must be at most ${STRUCT_MAX_BYTES} bytes of JSON`);
  });
  return errors;
}
