import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import type { Principal } from '../common/auth/principal';
import { newAudited } from '../common/audit';
import { FieldError, ValidationFailedError } from '../common/errors/domain-errors';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { TransactionRunner } from '../database/transaction-runner';
import { FlowRoles } from './dto/flow.dto';
import { ExportPackageQuery, FlowPackage, ImportedPackage, ImportPackage } from './dto/package.dto';
import { FlowEntity } from './entities/flow.entity';
import { FLOW_VALUE_TYPES, FlowGraph, inspectFlowGraph, ResourceReference } from './flow-graph';
import { customFieldDependencies, remapFlowIds } from './flow-package';
import { FlowRepository } from './flow.repository';
import { FlowsService } from './flows.service';

const ROLES: ReadonlySet<unknown> = new Set(Object.values(FlowRoles));
const TEXT_MAX = 4000;

type JsonObject = Record<string, unknown>;
const isObjectList = (v: unknown): v is JsonObject[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));

/**
 * Flow packages (`GET /packages`, `POST /packages`): flows and the custom fields they read, moved
 * between accounts as one JSON document, as Evo's CLI does with `evov flow export` and `flow import`.
 */
@Injectable()
export class PackagesService {
  constructor(
    private readonly flowRows: FlowRepository,
    private readonly flows: FlowsService,
    private readonly accounts: AccountsService,
    private readonly customFields: CustomFieldsService,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * The flows asked for and their custom fields. A package names no object of its account: a flow
   * whose values name one (an endpoint, a customer, a file, a flow left out of the package) is a 400
   * naming it, as Evo's exporter refuses it (`evov flow export-portable` maps such references instead).
   */
  async export(actor: Principal, query: ExportPackageQuery): Promise<FlowPackage> {
    const account = await this.accounts.resolveForCaller(actor, query.accountId);
    const flowIds = [...new Set(query.flowIds ?? [])];
    const found = await this.flows.findVisibleInAccount(actor, account.id, flowIds);
    const byId = new Map(found.map((f) => [f.id, f]));
    const errors: FieldError[] = [];
    flowIds.forEach((id, i) => {
      const flow = byId.get(id);
      if (!flow)
        return errors.push({
          fieldName: `flowIds[${i}]`,
          errorCode: 'NotFound',
          message: `flowIds[${i}]: no such flow in the account: ${JSON.stringify(id)}`,
        });
      for (const ref of accountBound(flow, byId))
        errors.push({
          fieldName: `flowIds[${i}]`,
          errorCode: 'AccountBound',
          message:
            `flowIds[${i}]: ${ref.fieldName} of flow '${flow.name}' names ${ref.type} ${ref.id} of the account, ` +
            'which a package cannot carry to another account' +
            (FLOW_VALUE_TYPES.has(ref.type) ? ': export that flow with it' : ''),
        });
    });
    if (errors.length) throw new ValidationFailedError(errors);

    const flows = flowIds.map((id) => byId.get(id)!);
    const fields = await this.customFields.forAccount(account.id);
    const used = customFieldDependencies(flows);
    const pick = (list: keyof typeof used) => {
      const names = new Set([...used[list]].map((name) => name.toLowerCase()));
      return query.includeAllCustomFields
        ? fields[list]
        : fields[list].filter((f) => names.has(f.name.toLowerCase()));
    };
    return {
      flows: await this.flows.toInfos(flows, true),
      customerFields: pick('customerFields'),
      endpointFields: pick('endpointFields'),
      systemFields: pick('systemFields'),
    };
  }

  /**
   * Creates every flow of the package in the account, all or nothing: new ids (the package's flows
   * keep calling each other), the account's scope (its customer and tags belong to the other account),
   * its name, description, notes and roles kept. Custom fields the account lacks are added; one it
   * has with another type is a 400. The graphs are checked as on every write, against this account.
   */
  async import(actor: Principal, dto: ImportPackage): Promise<ImportedPackage> {
    const account = await this.accounts.resolveForCaller(actor, dto.accountId);
    const pkg = dto.package;
    const incoming = {
      customerFields: pkg.customerFields ?? [],
      endpointFields: pkg.endpointFields ?? [],
      systemFields: pkg.systemFields ?? [],
    };
    this.customFields.validate(incoming, 'package.');

    // The package's own ids only tie its flows together: each flow gets a new one.
    const errors: FieldError[] = [];
    const newIds = new Map<string, string>();
    pkg.flows.forEach((flow, i) => {
      if (typeof flow.id !== 'string' || !flow.id) return;
      const at = `package.flows[${i}].id`;
      if (newIds.has(flow.id))
        errors.push({
          fieldName: at,
          errorCode: 'Duplicate',
          message: `${at} repeats the flow id '${flow.id}'`,
        });
      newIds.set(flow.id, randomUUID());
    });
    const references: ResourceReference[] = [];
    const rows = pkg.flows.map((flow, i) => {
      const imported = importedFlow(flow as JsonObject, `package.flows[${i}]`, newIds);
      errors.push(...imported.errors);
      references.push(...imported.references);
      const audit = newAudited(actor);
      const row: FlowEntity = {
        ...audit,
        id: (typeof flow.id === 'string' && newIds.get(flow.id)) || audit.id,
        accountId: account.id,
        customerId: null,
        ...imported.flow,
      };
      return row;
    });
    if (errors.length) throw new ValidationFailedError(errors.slice(0, 50));

    const added = await this.tx.run(async (m) => {
      const fields = await this.customFields.merge(m, account.id, incoming, 'package.', actor);
      await this.flowRows.insert(m, rows);
      // After the inserts: a reference to another flow of the package names a row of this transaction.
      await this.flows.references.requireInAccount(m, account.id, references);
      return fields;
    });
    return { flows: await this.flows.toInfos(rows, true), ...added };
  }
}

/** What a package's flow gives the row it becomes. */
type ImportedFlow = Pick<
  FlowEntity,
  'name' | 'description' | 'notes' | 'roles' | 'nodes' | 'exits' | 'parameters'
>;

/**
 * What a flow of a package becomes in the importing account (its name, texts, roles and graph, the
 * package's flow ids replaced by `newIds`), with its problems named under `at` and its references.
 */
function importedFlow(
  flow: JsonObject,
  at: string,
  newIds: Map<string, string>,
): { flow: ImportedFlow; errors: FieldError[]; references: ResourceReference[] } {
  const errors: FieldError[] = [];
  const fail = (fieldName: string, errorCode: string, message: string) =>
    errors.push({ fieldName, errorCode, message: `${fieldName} ${message}` });
  if (typeof flow.name !== 'string' || !flow.name || flow.name.length > 255)
    fail(`${at}.name`, 'NotEmpty', 'must be a string of 1 to 255 characters');
  for (const key of ['description', 'notes'])
    if (flow[key] != null && !(typeof flow[key] === 'string' && flow[key].length <= TEXT_MAX))
      fail(`${at}.${key}`, 'Invalid', `must be a string of at most ${TEXT_MAX} characters`);
  if (flow.roles != null && !(Array.isArray(flow.roles) && flow.roles.every((r) => ROLES.has(r))))
    fail(`${at}.roles`, 'Enum', `must each be one of: ${[...ROLES].join(', ')}`);
  const list = (key: 'nodes' | 'exits' | 'parameters'): JsonObject[] => {
    if (isObjectList(flow[key])) return flow[key];
    if (flow[key] != null) fail(`${at}.${key}`, 'Invalid', 'must be a list of objects');
    return [];
  };
  const graph = remapFlowIds(
    { nodes: list('nodes'), exits: list('exits'), parameters: list('parameters') },
    newIds,
  );
  const inspected = inspectFlowGraph(graph, `${at}.`);
  return {
    flow: {
      name: flow.name as string,
      description: typeof flow.description === 'string' ? flow.description : null,
      notes: typeof flow.notes === 'string' ? flow.notes : null,
      roles: Array.isArray(flow.roles) ? (flow.roles as FlowRoles[]) : [FlowRoles.PhoneNumberRouting],
      ...graph,
    },
    errors: [...errors, ...inspected.errors],
    references: inspected.references,
  };
}

/** The references of `flow` to objects of its account, but for the flows exported with it. */
function accountBound(flow: FlowGraph, exported: Map<string, unknown>): ResourceReference[] {
  return inspectFlowGraph(flow).references.filter(
    (r) => !(FLOW_VALUE_TYPES.has(r.type) && exported.has(r.id)),
  );
}
