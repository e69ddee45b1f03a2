import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flows stored in our first graph shape are rewritten in Evo Voice's, which the API now accepts and
 * returns; without this, such a flow is returned in a shape Evo's clients cannot read, and any update
 * of it fails validation.
 *
 *   old node:  { id, type, isStartNode?, transitions?: ({ targetNodeId } | { exitId })[], ... }
 *   new node:  { id, isStartNode, spec: { name, typeName, url }, parameters: { <name>: NodeParameter }, ... }
 *
 * A transition becomes a node parameter of type Transition whose value is the target node's id or the
 * target exit's name (Evo's transitions name exits), named by the transition's `name`, `on` or `label`,
 * else `Transition<n>`. Every exit gets a name unique in the flow that is neither a node id nor a flow
 * parameter's name: its own, else its id, with ` (exit)`, ` (exit 2)`, ... appended on a clash. A node
 * whose `parameters` was not an object keeps it as `legacyParameters`. A flow is rewritten when one of
 * its nodes is in the old shape (no `spec` object), its nodes in Evo's shape left as they are; a flow
 * without nodes too, as its exits need names all the same. Odd rows (a transition pointing nowhere, JSON
 * that does not parse) are converted as far as they can be, or left alone: a migration that fails on one
 * row blocks every deployment.
 *
 * Down converts back as far as the old shape can hold it: a node spec becomes its `type`, Transition
 * parameters the node's `transitions`, each with `name` (its parameter's name). It cannot restore a
 * spec's `name` and `url`, the ids of transition parameters, a transition's `on` and `label` (up names
 * the parameter after one of them and keeps neither), keys of a transition that clash with a parameter's own (`id`, `type`,
 * `source`, `value`), the names up gave or changed on exits, `isStartNode: false` where up added it,
 * and the order of transitions named like integers (JavaScript objects put such keys first). A
 * Transition without a target, or with one that is neither a node nor an exit, is dropped; an exit
 * without an id gets its name as id.
 */
export class EvoFlowShape1765200000000 implements MigrationInterface {
  name = 'EvoFlowShape1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rewriteFlows(queryRunner, toEvoShape);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await rewriteFlows(queryRunner, toOldShape);
  }
}

type JsonObject = Record<string, unknown>;

interface FlowRow {
  id: string;
  nodes: string;
  exits: string;
  parameters: string;
}

interface Graph {
  nodes: unknown[];
  /** Null when the column does not hold a list; it is then left as it is. */
  exits: unknown[] | null;
  parameters: unknown[];
}

/** The flow's graph converted, or null when the flow has nothing to convert. */
type Conversion = (graph: Graph) => Pick<Graph, 'nodes' | 'exits'> | null;

const BATCH_SIZE = 500;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Reads the flows in batches by id and writes back those whose nodes or exits change. */
async function rewriteFlows(queryRunner: QueryRunner, convert: Conversion): Promise<void> {
  const p = queryRunner.connection.options.type === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
  let after = '';
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT "id", "nodes", "exits", "parameters" FROM "flows" WHERE "id" > ${p[0]} ` +
        `ORDER BY "id" LIMIT ${BATCH_SIZE}`,
      [after],
    )) as FlowRow[];
    for (const row of rows) {
      const graph = parseGraph(row);
      const converted = graph ? convert(graph) : null;
      if (!graph || !converted) continue;
      // Compared as JSON, not as stored text: the same content written differently is left alone.
      const changed = (before: unknown[] | null, after: unknown[] | null): string | null => {
        const text = after && JSON.stringify(after);
        return text !== null && text !== JSON.stringify(before) ? text : null;
      };
      const nodes = changed(graph.nodes, converted.nodes);
      const exits = changed(graph.exits, converted.exits);
      if (nodes === null && exits === null) continue;
      await queryRunner.query(
        `UPDATE "flows" SET "nodes" = ${p[0]}, "exits" = ${p[1]} WHERE "id" = ${p[2]}`,
        [nodes ?? row.nodes, exits ?? row.exits, row.id],
      );
    }
    if (rows.length < BATCH_SIZE) return;
    after = rows[rows.length - 1].id;
  }
}

/** The row's graph, or null when its nodes are not a JSON list (nothing this migration can read). */
function parseGraph(row: FlowRow): Graph | null {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const nodes = parse(row.nodes);
  if (!Array.isArray(nodes)) return null;
  const exits = parse(row.exits);
  const parameters = parse(row.parameters);
  return {
    nodes,
    exits: Array.isArray(exits) ? exits : null,
    parameters: Array.isArray(parameters) ? parameters : [],
  };
}

const isOldNode = (node: unknown): node is JsonObject => isObject(node) && !isObject(node.spec);
const isEvoNode = (node: unknown): node is JsonObject => isObject(node) && isObject(node.spec);

/** `base`, or `base` with the first of `suffix(1)`, `suffix(2)`, ... that `isFree` accepts. */
function firstFree(base: string, isFree: (name: string) => boolean, suffix: (n: number) => string): string {
  if (isFree(base)) return base;
  for (let n = 1; ; n++) if (isFree(base + suffix(n))) return base + suffix(n);
}

function toEvoShape(graph: Graph): Pick<Graph, 'nodes' | 'exits'> | null {
  // A flow without nodes is converted too, for its exits: Evo's shape requires their names.
  if (graph.nodes.length > 0 && !graph.nodes.some(isOldNode)) return null;

  const reserved = new Set<string>();
  for (const node of graph.nodes) if (isObject(node) && isText(node.id)) reserved.add(node.id);
  for (const parameter of graph.parameters)
    if (isObject(parameter) && isText(parameter.name)) reserved.add(parameter.name);
  const exitNames = new Set<string>();
  const exitNameById = new Map<string, string>();
  const exits = graph.exits?.map((exit, i) => {
    if (!isObject(exit)) return exit;
    const base = isText(exit.name) ? exit.name : isText(exit.id) ? exit.id : `Exit${i + 1}`;
    const name = firstFree(
      base,
      (candidate) => !exitNames.has(candidate) && !reserved.has(candidate),
      (n) => (n === 1 ? ' (exit)' : ` (exit ${n})`),
    );
    exitNames.add(name);
    if (isText(exit.id) && !exitNameById.has(exit.id)) exitNameById.set(exit.id, name);
    return { ...exit, name };
  });

  const nodes = graph.nodes.map((node) => (isOldNode(node) ? toEvoNode(node, exitNameById) : node));
  return { nodes, exits: exits ?? null };
}

function toEvoNode(node: JsonObject, exitNameById: Map<string, string>): JsonObject {
  const { type, transitions, parameters: oldParameters, ...rest } = node;
  const typeName = isText(type) ? type : 'Unknown';
  const parameters: JsonObject = isObject(oldParameters) ? { ...oldParameters } : {};
  const converted: JsonObject = {
    ...rest,
    isStartNode: node.isStartNode === true,
    spec: { name: typeName, typeName, url: `/json/reply/${encodeURIComponent(typeName)}` },
    parameters,
  };
  if (oldParameters !== undefined && !isObject(oldParameters)) converted.legacyParameters = oldParameters;

  const list: unknown[] = Array.isArray(transitions) ? transitions : [];
  list.forEach((transition, j) => {
    if (!isObject(transition)) return;
    const { targetNodeId, exitId, name, on, label, ...extra } = transition;
    const isFree = (candidate: string) => !Object.prototype.hasOwnProperty.call(parameters, candidate);
    const named = [name, on, label].find(
      (candidate): candidate is string => isText(candidate) && isFree(candidate),
    );
    const parameterName = named ?? firstFree(`Transition${j + 1}`, isFree, (n) => ` ${n + 1}`);
    // A target that names nothing is kept as it was (the flow's validation reports it); an exit by its name.
    let target = '';
    if (typeof targetNodeId === 'string') target = targetNodeId;
    else if (typeof exitId === 'string') target = exitNameById.get(exitId) ?? exitId;
    parameters[parameterName] = {
      ...extra,
      id: randomUUID(),
      type: 'Transition',
      source: 'Value',
      value: { stringValue: target },
    };
  });
  return converted;
}

function toOldShape(graph: Graph): Pick<Graph, 'nodes' | 'exits'> | null {
  if (graph.nodes.length > 0 && !graph.nodes.some(isEvoNode)) return null;

  const nodeIds = new Set<string>();
  for (const node of graph.nodes) if (isObject(node) && isText(node.id)) nodeIds.add(node.id);
  const exitIdByName = new Map<string, string>();
  const exits = graph.exits?.map((exit) => {
    if (!isObject(exit)) return exit;
    const id = exit.id === undefined || exit.id === null ? exit.name : exit.id;
    if (isText(exit.name) && isText(id) && !exitIdByName.has(exit.name)) exitIdByName.set(exit.name, id);
    return id === exit.id ? exit : { ...exit, id };
  });

  const nodes = graph.nodes.map((node) => (isEvoNode(node) ? toOldNode(node, nodeIds, exitIdByName) : node));
  return { nodes, exits: exits ?? null };
}

function toOldNode(node: JsonObject, nodeIds: Set<string>, exitIdByName: Map<string, string>): JsonObject {
  const { spec, parameters, legacyParameters, ...rest } = node;
  const { name: specName, typeName } = spec as JsonObject;
  const type = isText(typeName) ? typeName : isText(specName) ? specName : 'Unknown';

  const transitions: JsonObject[] = [];
  const kept: JsonObject = {};
  for (const [name, parameter] of Object.entries(isObject(parameters) ? parameters : {})) {
    if (!isObject(parameter) || parameter.type !== 'Transition') {
      kept[name] = parameter;
      continue;
    }
    const { id: _id, type: _type, source: _source, value, ...extra } = parameter;
    const target = isObject(value) ? value.stringValue : undefined;
    if (!isText(target)) continue;
    const exitId = exitIdByName.get(target);
    if (nodeIds.has(target)) transitions.push({ targetNodeId: target, name, ...extra });
    else if (exitId !== undefined) transitions.push({ exitId, name, ...extra });
  }

  const converted: JsonObject = { ...rest, type };
  if (transitions.length > 0) converted.transitions = transitions;
  // What up kept aside goes back where it was, unless the node has gained parameters since.
  let oldParameters = isObject(parameters) ? (Object.keys(kept).length > 0 ? kept : undefined) : parameters;
  if (legacyParameters !== undefined) {
    if (oldParameters === undefined) oldParameters = legacyParameters;
    else converted.legacyParameters = legacyParameters;
  }
  if (oldParameters !== undefined) converted.parameters = oldParameters;
  return converted;
}
