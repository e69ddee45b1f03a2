import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { validateFlowGraph } from '../../src/flows/flow-graph';
import { createTestDatabase, openDataSource, TestDatabase, insertAsGiven } from '../helpers/database';

const MIGRATION = 'EvoFlowShape1765200000000';

interface Graph {
  nodes: any[];
  exits: any[];
  parameters: any[];
}

/** The columns as stored, unparsed. */
interface StoredGraph {
  nodes: string;
  exits: string;
  parameters: string;
}

const transition = (stringValue: string, extra: Record<string, unknown> = {}) => ({
  id: expect.any(String),
  type: 'Transition',
  source: 'Value',
  value: { stringValue },
  ...extra,
});

const spec = (type: string) => ({
  name: type,
  typeName: type,
  url: `/json/reply/${encodeURIComponent(type)}`,
});

/** An IVR as the previous API stored it: a menu that says hello or hands over to an operator. */
const ivr: Graph = {
  nodes: [
    {
      id: 'menu',
      type: 'IvrMenu',
      name: 'Main menu',
      isStartNode: true,
      transitions: [{ targetNodeId: 'hello' }, { exitId: 'x-operator', timeoutSeconds: 10 }],
    },
    { id: 'hello', type: 'Say', isStartNode: false, text: 'Hi', transitions: [{ exitId: 'x-done' }] },
  ],
  exits: [{ id: 'x-operator', name: 'Operator', color: 'red' }, { id: 'x-done' }],
  parameters: [{ name: 'Language', type: 'String' }],
};

/** Transitions named every way the old shape allowed, next to parameters the node already had. */
const named: Graph = {
  nodes: [
    {
      id: 'ask',
      type: 'Menu',
      isStartNode: true,
      parameters: {
        Prompt: { id: 'p-prompt', type: 'String', source: 'Value', value: { stringValue: 'Press 1' } },
        Transition3: { id: 'p-t3', type: 'String', source: 'Value', value: { stringValue: 'kept' } },
      },
      transitions: [
        { targetNodeId: 'bye', name: 'Yes' },
        { targetNodeId: 'bye', on: 'No' },
        { targetNodeId: 'bye' },
        { exitId: 'e', label: 'Maybe' },
        { targetNodeId: 'bye', name: 'Yes', on: 'No', label: 'Again' },
        { targetNodeId: 'bye', name: '' },
      ],
    },
    { id: 'bye', type: 'Hang Up', isStartNode: false, parameters: 'legacy' },
  ],
  exits: [{ id: 'e', name: 'Done' }],
  parameters: [],
};

/** Exit names that Evo's shape does not allow: repeated, a node's id, a flow parameter's name. */
const clashing: Graph = {
  nodes: [
    {
      id: 'start',
      type: 'Router',
      isStartNode: true,
      transitions: ['a', 'b', 'c', 'd', 'f', 'Done'].map((exitId) => ({ exitId, name: `to ${exitId}` })),
    },
  ],
  exits: [
    { id: 'a', name: 'Done' },
    { id: 'b', name: 'Done' },
    { id: 'c', name: 'start' },
    { id: 'd', name: 'Queue' },
    { id: 'f', name: 'Done' },
    { id: 'Done' },
  ],
  parameters: [{ name: 'Queue', type: 'String' }],
};

/** What the old validation let through only before it existed, or what was edited by hand. */
const malformed: Graph = {
  nodes: [
    {
      id: 'start',
      isStartNode: 'yes',
      transitions: [{ targetNodeId: 'ghost' }, { exitId: 'nowhere' }, null, {}],
    },
    'not a node',
  ],
  exits: [{ name: '' }, null],
  parameters: [],
};

/** A flow written in Evo's shape (by the new API), with fields this service does not know. */
const evo: Graph = {
  nodes: [
    {
      id: 'start',
      isStartNode: true,
      spec: { name: 'Dial', typeName: 'DialNode', url: '/json/reply/DialNode', iconClass: 'fa-phone' },
      parameters: {
        Number: { id: 'v1', type: 'String', source: 'Value', value: { stringValue: '+13055550100' } },
        NoAnswer: { id: 'v2', type: 'Transition', source: 'Value', value: { stringValue: 'Voicemail' } },
      },
      ui: { x: 10, y: 20 },
    },
  ],
  exits: [{ name: 'Voicemail' }],
  parameters: [{ name: 'Greeting', type: 'String', isPublic: true }],
};

const emptyWithUnnamedExit: Graph = { nodes: [], exits: [{ id: 'x-done' }], parameters: [] };

/** More flows than the migration reads at once, so it has to page through them. */
const BULK = 1100;
const bulk = (i: number): Graph => ({
  nodes: [{ id: 'only', type: 'Hangup', isStartNode: true, n: i }],
  exits: [],
  parameters: [],
});

describe('the flow-shape migration (old graphs to Evo Voice graphs)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const ids = {
    ivr: randomUUID(),
    named: randomUUID(),
    clashing: randomUUID(),
    malformed: randomUUID(),
    brokenJson: randomUUID(),
    evo: randomUUID(),
    empty: randomUUID(),
    emptyWithUnnamedExit: randomUUID(),
  };
  let storedBefore: Record<string, StoredGraph>;

  const placeholders = (n: number) =>
    Array.from({ length: n }, (_, i) => (database.isPostgres ? `$${i + 1}` : '?')).join(', ');

  async function insertFlow(id: string, graph: Graph | StoredGraph): Promise<void> {
    const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    const now = new Date().toISOString();
    await dataSource.query(
      'INSERT INTO "flows" ("id", "dateCreated", "dateLastModified", "accountId", "name", "roles", ' +
        `"nodes", "exits", "parameters") VALUES (${placeholders(9)})`,
      [
        id,
        now,
        now,
        'account-1',
        `Flow ${id}`,
        '[]',
        text(graph.nodes),
        text(graph.exits),
        text(graph.parameters),
      ],
    );
  }

  async function stored(id: string): Promise<StoredGraph> {
    const rows: StoredGraph[] = await dataSource.query(
      `SELECT "nodes", "exits", "parameters" FROM "flows" WHERE "id" = ${placeholders(1)}`,
      [id],
    );
    return rows[0];
  }

  async function graphOf(id: string): Promise<Graph> {
    const row = await stored(id);
    return {
      nodes: JSON.parse(row.nodes),
      exits: JSON.parse(row.exits),
      parameters: JSON.parse(row.parameters),
    };
  }

  async function undoThisMigration(): Promise<void> {
    const applied = async () =>
      (await dataSource.query<{ name: string }[]>('SELECT "name" FROM "migrations"')).map((m) => m.name);
    while ((await applied()).includes(MIGRATION)) await dataSource.undoLastMigration();
  }

  /** The ids of every node parameter of the graph. */
  const parameterIds = (graph: Graph) =>
    graph.nodes.flatMap((node) => Object.values(node.parameters ?? {}).map((p: any) => p.id));

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDataSource(database, false);
    // The schema as it was before this migration, holding flows in the old shape.
    await dataSource.runMigrations();
    await undoThisMigration();
    // The accounts the flows belong to (a later migration deletes the rows of a missing account).
    const now = new Date().toISOString();
    for (const id of ['account-1', 'account-2'])
      await insertAsGiven(dataSource.manager, AccountEntity, [
        {
          id,
          dateCreated: now,
          dateLastModified: now,
          name: id,
          ancestorIds: [],
          isBYOA: false,
        },
      ]);
    await insertFlow(ids.ivr, ivr);
    await insertFlow(ids.named, named);
    await insertFlow(ids.clashing, clashing);
    await insertFlow(ids.malformed, malformed);
    await insertFlow(ids.brokenJson, {
      nodes: '[{"id": "start", "type": "Say"',
      exits: '[]',
      parameters: '[]',
    });
    // Indented, so that rewriting them with the same content would still show.
    const indented = (graph: Graph): StoredGraph => ({
      nodes: JSON.stringify(graph.nodes, null, 2),
      exits: JSON.stringify(graph.exits, null, 2),
      parameters: JSON.stringify(graph.parameters, null, 2),
    });
    await insertFlow(ids.evo, indented(evo));
    await insertFlow(ids.empty, { nodes: '[ ]', exits: '[ ]', parameters: '[ ]' });
    await insertFlow(ids.emptyWithUnnamedExit, emptyWithUnnamedExit);
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < BULK; i++)
        await m.query(
          'INSERT INTO "flows" ("id", "dateCreated", "dateLastModified", "accountId", "name", "roles", ' +
            `"nodes", "exits", "parameters") VALUES (${placeholders(9)})`,
          [
            `bulk-${String(i).padStart(5, '0')}`,
            'd',
            'd',
            'account-2',
            'Bulk',
            '[]',
            JSON.stringify(bulk(i).nodes),
            '[]',
            '[]',
          ],
        );
    });
    storedBefore = {};
    for (const [key, id] of Object.entries(ids)) storedBefore[key] = await stored(id);
    await dataSource.runMigrations();
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('turns an IVR into Evo nodes: a spec per type, transitions as Transition parameters, exits by name', async () => {
    const graph = await graphOf(ids.ivr);
    expect(graph.nodes).toEqual([
      {
        id: 'menu',
        name: 'Main menu',
        isStartNode: true,
        spec: spec('IvrMenu'),
        parameters: {
          Transition1: transition('hello'),
          Transition2: transition('Operator', { timeoutSeconds: 10 }),
        },
      },
      {
        id: 'hello',
        isStartNode: false,
        text: 'Hi',
        spec: spec('Say'),
        parameters: { Transition1: transition('x-done') },
      },
    ]);
    expect(graph.exits).toEqual([
      { id: 'x-operator', name: 'Operator', color: 'red' },
      { id: 'x-done', name: 'x-done' },
    ]);
    expect(graph.parameters).toEqual(ivr.parameters);
    expect(new Set(parameterIds(graph)).size).toBe(3);
    expect(() => validateFlowGraph(graph)).not.toThrow();
  });

  it("names each transition after its name, on or label, else Transition<n>, beside the node's own parameters", async () => {
    const graph = await graphOf(ids.named);
    expect(graph.nodes).toEqual([
      {
        id: 'ask',
        isStartNode: true,
        spec: spec('Menu'),
        parameters: {
          ...named.nodes[0].parameters,
          Yes: transition('bye'),
          No: transition('bye'),
          'Transition3 2': transition('bye'),
          Maybe: transition('Done'),
          Again: transition('bye'),
          Transition6: transition('bye'),
        },
      },
      {
        id: 'bye',
        isStartNode: false,
        spec: { name: 'Hang Up', typeName: 'Hang Up', url: '/json/reply/Hang%20Up' },
        parameters: {},
        legacyParameters: 'legacy',
      },
    ]);
    expect(new Set(parameterIds(graph)).size).toBe(8);
    expect(() => validateFlowGraph(graph)).not.toThrow();
  });

  it('renames exits whose names repeat, or are a node id or a flow parameter, and routes to the new names', async () => {
    const graph = await graphOf(ids.clashing);
    expect(graph.exits).toEqual([
      { id: 'a', name: 'Done' },
      { id: 'b', name: 'Done (exit)' },
      { id: 'c', name: 'start (exit)' },
      { id: 'd', name: 'Queue (exit)' },
      { id: 'f', name: 'Done (exit 2)' },
      { id: 'Done', name: 'Done (exit 3)' },
    ]);
    expect(graph.nodes[0].parameters).toEqual({
      'to a': transition('Done'),
      'to b': transition('Done (exit)'),
      'to c': transition('start (exit)'),
      'to d': transition('Queue (exit)'),
      'to f': transition('Done (exit 2)'),
      'to Done': transition('Done (exit 3)'),
    });
    expect(() => validateFlowGraph(graph)).not.toThrow();
  });

  it('converts a malformed graph as far as it goes, and leaves a row whose JSON does not parse as it was', async () => {
    const graph = await graphOf(ids.malformed);
    expect(graph.nodes).toEqual([
      {
        id: 'start',
        isStartNode: false,
        spec: spec('Unknown'),
        parameters: {
          Transition1: transition('ghost'),
          Transition2: transition('nowhere'),
          Transition4: transition(''),
        },
      },
      'not a node',
    ]);
    expect(graph.exits).toEqual([{ name: 'Exit1' }, null]);
    expect(await stored(ids.brokenJson)).toEqual(storedBefore.brokenJson);
  });

  it('leaves a flow already in Evo shape, and a flow without nodes or exits, byte for byte as they were', async () => {
    expect(await stored(ids.evo)).toEqual(storedBefore.evo);
    expect(await stored(ids.empty)).toEqual(storedBefore.empty);
  });

  it('names the exits of a flow without nodes, which Evo shape requires', async () => {
    expect((await graphOf(ids.emptyWithUnnamedExit)).exits).toEqual([{ id: 'x-done', name: 'x-done' }]);
  });

  it('converts every flow of a table larger than one batch', async () => {
    const rows: { id: string; nodes: string }[] = await dataSource.query(
      `SELECT "id", "nodes" FROM "flows" WHERE "accountId" = 'account-2' ORDER BY "id"`,
    );
    expect(rows).toHaveLength(BULK);
    rows.forEach((row, i) =>
      expect(JSON.parse(row.nodes)).toEqual([
        { id: 'only', isStartNode: true, n: i, spec: spec('Hangup'), parameters: {} },
      ]),
    );
  });

  describe('undone', () => {
    beforeAll(async () => {
      await undoThisMigration();
    });

    it('gives the IVR back its old nodes, each transition now carrying its name, and its exits named', async () => {
      const graph = await graphOf(ids.ivr);
      expect(graph.nodes).toEqual([
        {
          ...ivr.nodes[0],
          transitions: [
            { targetNodeId: 'hello', name: 'Transition1' },
            { exitId: 'x-operator', timeoutSeconds: 10, name: 'Transition2' },
          ],
        },
        { ...ivr.nodes[1], transitions: [{ exitId: 'x-done', name: 'Transition1' }] },
      ]);
      expect(graph.exits).toEqual([
        { id: 'x-operator', name: 'Operator', color: 'red' },
        { id: 'x-done', name: 'x-done' },
      ]);
      expect(graph.parameters).toEqual(ivr.parameters);
    });

    it("keeps the node's own parameters and the names the transitions had in Evo shape", async () => {
      const graph = await graphOf(ids.named);
      expect(graph.nodes).toEqual([
        {
          id: 'ask',
          type: 'Menu',
          isStartNode: true,
          parameters: named.nodes[0].parameters,
          transitions: [
            { targetNodeId: 'bye', name: 'Yes' },
            { targetNodeId: 'bye', name: 'No' },
            { targetNodeId: 'bye', name: 'Transition3 2' },
            { exitId: 'e', name: 'Maybe' },
            { targetNodeId: 'bye', name: 'Again' },
            { targetNodeId: 'bye', name: 'Transition6' },
          ],
        },
        { id: 'bye', type: 'Hang Up', isStartNode: false, parameters: 'legacy' },
      ]);
    });

    it('turns a flow written in Evo shape into the old one, giving an exit without id its name', async () => {
      const graph = await graphOf(ids.evo);
      expect(graph.nodes).toEqual([
        {
          id: 'start',
          type: 'DialNode',
          isStartNode: true,
          parameters: { Number: evo.nodes[0].parameters.Number },
          transitions: [{ exitId: 'Voicemail', name: 'NoAnswer' }],
          ui: { x: 10, y: 20 },
        },
      ]);
      expect(graph.exits).toEqual([{ id: 'Voicemail', name: 'Voicemail' }]);
    });

    it('names transitions the same way when run again', async () => {
      await dataSource.runMigrations();
      const graph = await graphOf(ids.named);
      expect(Object.keys(graph.nodes[0].parameters)).toEqual([
        'Prompt',
        'Transition3',
        'Yes',
        'No',
        'Transition3 2',
        'Maybe',
        'Again',
        'Transition6',
      ]);
      expect(() => validateFlowGraph(graph)).not.toThrow();
      const again = await graphOf(ids.ivr);
      expect(Object.keys(again.nodes[0].parameters)).toEqual(['Transition1', 'Transition2']);
      expect(() => validateFlowGraph(again)).not.toThrow();
    });
  });
});
