import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { AccountsService } from '../../src/accounts/accounts.service';
import type { AccountEntity } from '../../src/accounts/entities/account.entity';
import type { Principal } from '../../src/common/auth/principal';
import { Role } from '../../src/common/auth/role.enum';
import { AppError, ConflictError, ValidationFailedError } from '../../src/common/errors/domain-errors';
import type { CustomFieldsService } from '../../src/custom-fields/custom-fields.service';
import type { CustomersService } from '../../src/customers/customers.service';
import type { TransactionRunner } from '../../src/database/transaction-runner';
import type { FlowEntity } from '../../src/flows/entities/flow.entity';
import { FlowAndCustomerReferences } from '../../src/flows/flow-and-customer-references';
import type { FlowRepository } from '../../src/flows/flow.repository';
import { FlowsService } from '../../src/flows/flows.service';
import type { TagsService } from '../../src/tags/tags.service';
import { strictFake } from '../helpers/strict-fake';

/**
 * The flow graph checks FlowsService makes on every write of a graph, and the check on deleting a
 * flow that others run: what is refused, with which field named. The repositories and the services
 * around it are strict fakes; no database.
 */

const ACCOUNT = 'account-a';
const OTHER_ACCOUNT_FLOW = 'flow-of-account-b';
const SIBLING_FLOW = 'flow-of-account-a';
const actor: Principal = {
  userId: 'user-1',
  emailAddress: 'manager@example.com',
  firstName: null,
  lastName: null,
  roles: [Role.Manager],
  accountIds: [ACCOUNT],
  customerId: null,
  customerPath: null,
  sessionId: null,
  authMethod: 'api-key',
};
/** The transaction's manager: the repositories receive it, none of the fakes reads it. */
const manager = {} as EntityManager;

type Node = Record<string, unknown>;
const start = (parameters: Record<string, unknown> = {}): Node => ({
  id: 'start',
  name: 'Start',
  isStartNode: true,
  spec: { name: 'Say', typeName: 'SayNode', url: '/json/reply/SayNode' },
  parameters,
});
const transitionTo = (target: string) => ({
  id: 'v-next',
  type: 'Transition',
  value: { stringValue: target },
});
const subflowNode = (flowId: string): Node => ({
  id: 'sub',
  spec: { name: 'Sub-flow', typeName: 'FlowNode', url: `/flows/start?flowId=${flowId}` },
});

/** What the service is given, the fakes kept for the test to look into. */
function setUp(flowStubs: Partial<FlowRepository> = {}) {
  const flows = strictFake<FlowRepository>('FlowRepository', {
    // Which ids are flows of the account: only SIBLING_FLOW (and whatever the test adds).
    idsInAccount: jest.fn(async (_m: EntityManager, accountId: string, ids: string[]) =>
      accountId === ACCOUNT ? new Set(ids.filter((id) => id === SIBLING_FLOW)) : new Set<string>(),
    ),
    insert: jest.fn(async () => undefined),
    ...flowStubs,
  });
  const accounts = strictFake<AccountsService>('AccountsService', {
    resolveForCaller: async () => ({ id: ACCOUNT }) as AccountEntity,
    namesByIds: async () => new Map([[ACCOUNT, 'Account A']]),
  });
  const customers = strictFake<CustomersService>('CustomersService', {
    idsInAccount: jest.fn(async () => new Set<string>()),
    summaries: async () => new Map(),
  });
  const tags = strictFake<TagsService>('TagsService', {
    requireInAccount: async () => [],
    replaceLinks: async () => undefined,
    tagsByOwner: async () => new Map(),
  });
  const run = jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(manager));
  const tx = strictFake<TransactionRunner>('TransactionRunner', { run: run as TransactionRunner['run'] });
  const service = new FlowsService(
    flows,
    accounts,
    customers,
    tags,
    strictFake<CustomFieldsService>('CustomFieldsService'),
    tx,
  );
  // The resolvers the flows module registers at start-up: Flow values and Customer values.
  new FlowAndCustomerReferences(service, flows, customers).onModuleInit();
  return { service, flows, customers, run };
}

/** The field errors of the 400 the promise rejects with. */
async function fieldErrors(promise: Promise<unknown>): Promise<{ fieldName: string; errorCode: string }[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationFailedError);
  return (error as AppError).fieldErrors.map(({ fieldName, errorCode }) => ({ fieldName, errorCode }));
}

const storedFlow = (graph: Partial<FlowEntity>): FlowEntity => ({
  id: 'flow-1',
  accountId: ACCOUNT,
  customerId: null,
  name: 'Main',
  description: null,
  notes: null,
  roles: ['PhoneNumberRouting'],
  nodes: [],
  parameters: [],
  exits: [],
  dateCreated: '2026-01-01T00:00:00.000Z',
  dateLastModified: '2026-01-01T00:00:00.000Z',
  createdBy: null,
  lastModifiedBy: null,
  ...graph,
});

describe('FlowsService: flow graph checks', () => {
  it('stores a graph whose transitions land on its nodes and exits, and whose sub-flow is of its account', async () => {
    const { service, flows } = setUp();
    const nodes = [start({ Next: transitionTo('sub') }), subflowNode(SIBLING_FLOW)];
    const info = await service.create(actor, { name: 'Main', nodes, exits: [{ name: 'Done' }] });
    expect(flows.insert).toHaveBeenCalledWith(manager, [
      expect.objectContaining({ accountId: ACCOUNT, nodes }),
    ]);
    expect(flows.idsInAccount).toHaveBeenCalledWith(manager, ACCOUNT, [SIBLING_FLOW]);
    expect(info.nodes).toEqual(nodes);
  });

  it('keeps nodes of types it does not know, as sent (Evo has many more than the catalogue)', async () => {
    const { service, flows } = setUp();
    const node = {
      ...start(),
      spec: { name: 'Custom', typeName: 'SomeEvoOnlyNode', url: '/json/reply/Other' },
    };
    await service.create(actor, { name: 'Main', nodes: [node] });
    expect(flows.insert).toHaveBeenCalledWith(manager, [expect.objectContaining({ nodes: [node] })]);
  });

  it('refuses a transition to no node or exit of the flow, naming the value, before any write', async () => {
    const { service, run } = setUp();
    const errors = await fieldErrors(
      service.create(actor, { name: 'Main', nodes: [start({ Next: transitionTo('nowhere') })] }),
    );
    expect(errors).toEqual([{ fieldName: 'nodes[0].parameters.Next.value', errorCode: 'NotFound' }]);
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a graph without exactly one start node, and a node without a url, naming each', async () => {
    const { service } = setUp();
    const noUrl = { id: 'second', isStartNode: true, spec: { name: 'Say' } };
    const errors = await fieldErrors(service.create(actor, { name: 'Main', nodes: [start(), noUrl] }));
    expect(errors).toEqual([
      { fieldName: 'nodes[1].spec.url', errorCode: 'NotEmpty' },
      { fieldName: 'nodes', errorCode: 'StartNode' },
    ]);
  });

  it('refuses an exit named as a node, which would make a transition to it ambiguous', async () => {
    const { service } = setUp();
    const errors = await fieldErrors(
      service.create(actor, { name: 'Main', nodes: [start()], exits: [{ name: 'start' }] }),
    );
    expect(errors).toEqual([{ fieldName: 'exits[0].name', errorCode: 'Conflict' }]);
  });

  it('refuses a sub-flow of another account, naming the node’s url, and writes nothing', async () => {
    const { service, flows } = setUp();
    const nodes = [start({ Next: transitionTo('sub') }), subflowNode(OTHER_ACCOUNT_FLOW)];
    const errors = await fieldErrors(service.create(actor, { name: 'Main', nodes }));
    expect(errors).toEqual([{ fieldName: 'nodes[1].spec.url', errorCode: 'NotFound' }]);
    expect(flows.idsInAccount).toHaveBeenCalledWith(manager, ACCOUNT, [OTHER_ACCOUNT_FLOW]);
    expect(flows.insert).not.toHaveBeenCalled();
  });

  it('refuses Flow and Customer values naming no object of the account, each named, in one query per type', async () => {
    const { service, flows, customers } = setUp();
    const parameters = [
      { name: 'Fallback', type: 'Flow', defaultValue: { stringValue: OTHER_ACCOUNT_FLOW } },
    ];
    const nodes = [
      start({ Who: { id: 'v-who', type: 'Customer', value: { stringValue: 'customer-of-b' } } }),
    ];
    const errors = await fieldErrors(service.create(actor, { name: 'Main', nodes, parameters }));
    expect(errors).toEqual([
      { fieldName: 'parameters[0].defaultValue', errorCode: 'NotFound' },
      { fieldName: 'nodes[0].parameters.Who.value', errorCode: 'NotFound' },
    ]);
    expect(flows.idsInAccount).toHaveBeenCalledTimes(1);
    expect(customers.idsInAccount).toHaveBeenCalledWith(manager, ACCOUNT, ['customer-of-b']);
    expect(flows.insert).not.toHaveBeenCalled();
  });

  it('stores values of resource types no module holds (an AudioFile) unchecked', async () => {
    const { service, flows } = setUp();
    const nodes = [
      start({ Greeting: { id: 'v-audio', type: 'AudioFile', value: { stringValue: 'file-x' } } }),
    ];
    await service.create(actor, { name: 'Main', nodes });
    expect(flows.idsInAccount).not.toHaveBeenCalled();
    expect(flows.insert).toHaveBeenCalledTimes(1);
  });

  it('on a patch, checks only the references the graph did not hold: a flow deleted since does not block an edit', async () => {
    const held = storedFlow({
      nodes: [start({ Next: transitionTo('sub') }), subflowNode('flow-deleted-since')],
    });
    const { service, flows } = setUp({
      findVisible: jest.fn(async () => held),
      update: jest.fn(async () => undefined),
    });
    const parameters = [
      { name: 'Fallback', type: 'Flow', defaultValue: { stringValue: OTHER_ACCOUNT_FLOW } },
    ];
    const errors = await fieldErrors(service.patch(actor, held.id, { nodes: held.nodes, parameters }));
    expect(errors).toEqual([{ fieldName: 'parameters[0].defaultValue', errorCode: 'NotFound' }]);
    expect(flows.idsInAccount).toHaveBeenCalledWith(manager, ACCOUNT, [OTHER_ACCOUNT_FLOW]);
    expect(flows.update).not.toHaveBeenCalled();
  });

  it('on a patch that leaves the graph alone, checks no graph and writes the change', async () => {
    const held = storedFlow({ nodes: [subflowNode('flow-deleted-since')] });
    const { service, flows } = setUp({
      findVisible: jest.fn(async () => held),
      update: jest.fn(async () => undefined),
    });
    await service.patch(actor, held.id, { name: 'Renamed' });
    expect(flows.idsInAccount).not.toHaveBeenCalled();
    expect(flows.update).toHaveBeenCalledWith(manager, held.id, expect.objectContaining({ name: 'Renamed' }));
  });
});

describe('FlowsService: deleting a flow other flows run', () => {
  const target = storedFlow({ id: 'flow-target', name: 'Target' });

  function setUpDelete(mentioning: FlowEntity[]) {
    return setUp({
      findVisible: jest.fn(async () => target),
      lock: jest.fn(async () => undefined),
      mentioning: jest.fn(async () => mentioning),
      delete: jest.fn(async () => undefined),
    });
  }

  it('is refused (409 FlowInUse) while another flow runs it as a sub-flow or a Flow value, naming them', async () => {
    const caller = storedFlow({ id: 'caller', name: 'Caller', nodes: [start(), subflowNode(target.id)] });
    const byValue = storedFlow({
      id: 'by-value',
      name: 'By value',
      parameters: [{ name: 'Next', type: 'FlowReference', defaultValue: { stringValue: target.id } }],
    });
    const { service, flows } = setUpDelete([caller, byValue]);
    const refusal = service.delete(actor, target.id, false);
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({
      errorCode: 'FlowInUse',
      message: expect.stringMatching(/Caller, By value/),
    });
    expect(flows.delete).not.toHaveBeenCalled();
  });

  it('goes ahead when the flows mentioning its id do so in text only, running other flows', async () => {
    const note = storedFlow({
      id: 'note',
      name: 'Note',
      // It runs another flow, and names the target only in a text.
      nodes: [
        start({ Say: { id: 'v-say', type: 'String', value: { stringValue: `see ${target.id}` } } }),
        subflowNode(SIBLING_FLOW),
      ],
    });
    const { service, flows } = setUpDelete([note]);
    await service.delete(actor, target.id, false);
    expect(flows.lock).toHaveBeenCalledWith(manager, target.id);
    expect(flows.delete).toHaveBeenCalledWith(manager, [target.id]);
  });
});
