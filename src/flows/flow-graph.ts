import { VALUE_TYPE_NAMES, ValueTypes } from '../contract/value-types.enum';
import { FieldError, ValidationFailedError } from '../common/errors/domain-errors';
import { isTimeZone } from '../common/validation/decorators';
import { findStructProblem } from '../common/validation/struct.validator';

/**
 * Evo's flow graph, checked on every write of it (see `dto/flow-graph.dto.ts` for the shapes). Every
 * field is stored as sent, unknown ones included; these are the rules:
 *
 * - nodes: ids unique, a `spec` with a `url`, exactly one start node in a non-empty graph;
 * - node parameters (nested through `listParameters` and `structParameters`): an id unique in the
 *   flow, a `ValueTypes` type, a well-formed `value`; a Transition's `stringValue`, when set, is the
 *   id of a node or the name of an exit of the flow;
 * - exits: names unique (transitions name them), and neither a node id nor a flow parameter's name;
 * - flow parameters: names unique, a `ValueTypes` type other than Struct and Transition, a `listType`
 *   for a List, outputs public.
 *
 * Resource-typed values (a sub-flow's `spec.url` too) are returned as references, for the service to
 * check against the flow's account. Errors name the JSON path: `nodes[2].parameters.Yes.value`.
 */

export interface FlowGraph {
  nodes: Record<string, unknown>[];
  exits: Record<string, unknown>[];
  parameters: Record<string, unknown>[];
}

/** A value that holds the id of an object of the flow's account. */
export interface ResourceReference {
  type: ValueTypes;
  id: string;
  fieldName: string;
}

/** The value types whose `stringValue` is the id of an object (Evo's resource types). */
export const RESOURCE_TYPES: ReadonlySet<string> = new Set<ValueTypes>([
  ValueTypes.AudioFile,
  ValueTypes.File,
  ValueTypes.PhoneNumber,
  ValueTypes.User,
  ValueTypes.Endpoint,
  ValueTypes.FaxNumber,
  ValueTypes.EmailAccount,
  ValueTypes.Customer,
  ValueTypes.Flow,
  ValueTypes.Team,
  ValueTypes.FlowReference,
  ValueTypes.Integration,
  ValueTypes.Assistant,
]);

/** The value types that name a flow (what a package remaps, and what makes a flow another's caller). */
export const FLOW_VALUE_TYPES: ReadonlySet<ValueTypes> = new Set([ValueTypes.Flow, ValueTypes.FlowReference]);

const ID_MAX = 64;
const NAME_MAX = 255;
const URL_MAX = 2048;
const TEXT_MAX = 64 * 1024;
/** Levels of `listParameters`/`structParameters` below a node's parameters. */
const MAX_PARAMETER_DEPTH = 10;
/** Past this many, further errors are not listed (the graph is far off). */
const MAX_ERRORS = 50;

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const isText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** The id of the flow a sub-flow node's `spec.url` runs: `/flows/start?flowId=<id>`, or `/flows/<id>`. */
export function subflowIdOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const query = /[?&]flowId=([^&#]*)/i.exec(url);
  if (query) return safeDecode(query[1]);
  const path = /^\/flows\/([^/?#]+)\/?(?:[?#]|$)/i.exec(url);
  return path && path[1].toLowerCase() !== 'start' ? safeDecode(path[1]) : null;
}

/** `url` running the flow `flowId` instead (the inverse of `subflowIdOf`, in the same form). */
export function withSubflowId(url: string, flowId: string): string {
  const id = encodeURIComponent(flowId);
  return /[?&]flowId=/i.test(url)
    ? url.replace(/([?&]flowId=)[^&#]*/i, `$1${id}`)
    : url.replace(/^(\/flows\/)[^/?#]+/i, `$1${id}`);
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text) || null;
  } catch {
    return text || null;
  }
}

/** The string a value holds, or '' (Evo writes an unset value as `{}`). */
export const stringValueOf = (value: unknown): string =>
  isObject(value) && typeof value.stringValue === 'string' ? value.stringValue : '';

/** Visits every node parameter, nested ones included, with its JSON path. */
export function walkNodeParameters(
  nodes: unknown[],
  visit: (parameter: JsonObject, path: string, name: string) => void,
): void {
  nodes.forEach((node, i) => {
    if (isObject(node) && isObject(node.parameters))
      walkMap(node.parameters, `nodes[${i}].parameters`, 1, visit);
  });
}

function walkMap(
  map: JsonObject,
  path: string,
  depth: number,
  visit: (parameter: JsonObject, path: string, name: string) => void,
): void {
  for (const [name, parameter] of Object.entries(map)) {
    if (!isObject(parameter)) continue;
    const at = `${path}.${name}`;
    visit(parameter, at, name);
    if (depth >= MAX_PARAMETER_DEPTH) continue;
    if (Array.isArray(parameter.listParameters))
      parameter.listParameters.forEach((item, j) => {
        if (isObject(item)) walkMap(item, `${at}.listParameters[${j}]`, depth + 1, visit);
      });
    if (isObject(parameter.structParameters))
      walkMap(parameter.structParameters, `${at}.structParameters`, depth + 1, visit);
  }
}

/** The graph's problems and the resource references it holds; nothing is thrown. */
export function inspectFlowGraph(
  graph: FlowGraph,
  pathPrefix = '',
): { errors: FieldError[]; references: ResourceReference[] } {
  const errors: FieldError[] = [];
  const references: ResourceReference[] = [];
  const fail = (path: string, errorCode: string, message: string) => {
    const fieldName = pathPrefix + path;
    if (errors.length < MAX_ERRORS) errors.push({ fieldName, errorCode, message: `${fieldName} ${message}` });
  };
  const optionalText = (value: unknown, at: string, max: number) => {
    if (isSet(value) && !(typeof value === 'string' && value.length <= max))
      fail(at, 'Invalid', `must be a string of at most ${max} characters`);
  };
  const optionalBoolean = (value: unknown, at: string) => {
    if (isSet(value) && typeof value !== 'boolean') fail(at, 'Invalid', 'must be a boolean');
  };
  const valueType = (value: unknown, at: string): ValueTypes | null => {
    if (!isSet(value)) return null;
    if (typeof value === 'string' && VALUE_TYPE_NAMES.has(value)) return value as ValueTypes;
    fail(at, 'Enum', `must be one of: ${[...VALUE_TYPE_NAMES].join(', ')}`);
    return null;
  };
  /** A string of 1 to `max` characters that `seen` does not hold yet (it is added). */
  const unique = (
    value: unknown,
    at: string,
    max: number,
    seen: Set<string>,
    what: string,
  ): value is string => {
    if (!isText(value, max)) {
      fail(at, 'NotEmpty', `must be a string of 1 to ${max} characters`);
      return false;
    }
    if (seen.has(value)) {
      fail(at, 'Duplicate', `repeats the ${what} '${value}'`);
      return false;
    }
    seen.add(value);
    return true;
  };
  /** A literal value of `type` at `at`: its shape, and what it refers to. */
  const literal = (value: unknown, type: ValueTypes | null, at: string, isReference: boolean) => {
    if (!isSet(value)) return;
    const dot = at.lastIndexOf('.');
    const problem = findStructProblem({ [at.slice(dot + 1)]: value }, at.slice(0, dot));
    if (problem) return fail(problem[0], 'Invalid', problem[1]);
    const text = stringValueOf(value);
    if (!text || !type) return;
    if (isReference && RESOURCE_TYPES.has(type))
      references.push({ type, id: text, fieldName: pathPrefix + at });
    if (type === ValueTypes.TimeZoneId && !isTimeZone(text))
      fail(at, 'Invalid', `must hold an IANA time zone id such as America/New_York: ${JSON.stringify(text)}`);
  };

  /** Exit name -> the index of its exit. */
  const exitNames = new Map<string, number>();
  const exitNameSet = new Set<string>();
  const exitIds = new Set<string>();
  graph.exits.forEach((exit, i) => {
    if (unique(exit.name, `exits[${i}].name`, NAME_MAX, exitNameSet, 'exit name'))
      exitNames.set(exit.name, i);
    if (isSet(exit.id)) unique(exit.id, `exits[${i}].id`, ID_MAX, exitIds, 'exit id');
  });

  const parameterNames = new Set<string>();
  graph.parameters.forEach((parameter, i) => {
    const at = `parameters[${i}]`;
    unique(parameter.name, `${at}.name`, NAME_MAX, parameterNames, 'parameter name');
    const type = valueType(parameter.type, `${at}.type`);
    if (type === ValueTypes.Struct || type === ValueTypes.Transition)
      fail(`${at}.type`, 'Invalid', `cannot be ${type}: a flow parameter holds a value`);
    const listType = valueType(parameter.listType, `${at}.listType`);
    if (type === ValueTypes.List && !listType)
      fail(`${at}.listType`, 'NotEmpty', 'is required for a List parameter');
    for (const flag of ['isPublic', 'isKnob', 'isOutput']) optionalBoolean(parameter[flag], `${at}.${flag}`);
    if (parameter.isOutput === true && parameter.isPublic !== true)
      fail(`${at}.isPublic`, 'Invalid', 'must be true for an output parameter');
    optionalText(parameter.description, `${at}.description`, TEXT_MAX);
    literal(parameter.defaultValue, type, `${at}.defaultValue`, true);
  });
  for (const [name, i] of exitNames)
    if (parameterNames.has(name))
      fail(`exits[${i}].name`, 'Conflict', `is also the name of a flow parameter: '${name}'`);

  const nodeIds = new Set<string>();
  let starts = 0;
  graph.nodes.forEach((node, i) => {
    const at = `nodes[${i}]`;
    unique(node.id, `${at}.id`, ID_MAX, nodeIds, 'node id');
    optionalText(node.name, `${at}.name`, NAME_MAX);
    optionalBoolean(node.isStartNode, `${at}.isStartNode`);
    if (node.isStartNode === true) starts++;
    if (!isObject(node.spec)) fail(`${at}.spec`, 'NotEmpty', 'must be a node spec: {name, typeName, url}');
    else {
      if (!isText(node.spec.url, URL_MAX))
        fail(`${at}.spec.url`, 'NotEmpty', `must be a string of 1 to ${URL_MAX} characters`);
      optionalText(node.spec.name, `${at}.spec.name`, NAME_MAX);
      optionalText(node.spec.typeName, `${at}.spec.typeName`, NAME_MAX);
      const subflowId = subflowIdOf(node.spec.url);
      if (subflowId)
        references.push({ type: ValueTypes.Flow, id: subflowId, fieldName: `${pathPrefix}${at}.spec.url` });
    }
    if (isSet(node.parameters) && !isObject(node.parameters))
      fail(`${at}.parameters`, 'Invalid', 'must be an object mapping names to node parameters');
  });
  if (graph.nodes.length > 0 && starts !== 1)
    fail('nodes', 'StartNode', `must have exactly one start node (isStartNode: true); found ${starts}`);
  for (const [name, i] of exitNames)
    if (nodeIds.has(name)) fail(`exits[${i}].name`, 'Conflict', `is also the id of a node: '${name}'`);

  const valueIds = new Set<string>();
  walkNodeParameters(graph.nodes, (parameter, at, name) => {
    if (name.length > NAME_MAX) fail(at, 'Invalid', `has a name longer than ${NAME_MAX} characters`);
    unique(parameter.id, `${at}.id`, ID_MAX, valueIds, 'value id');
    const type = valueType(parameter.type, `${at}.type`);
    for (const key of ['source', 'referenceId']) optionalText(parameter[key], `${at}.${key}`, NAME_MAX);
    optionalText(parameter.expression, `${at}.expression`, TEXT_MAX);
    for (const flag of ['isAsync', 'isOutput']) optionalBoolean(parameter[flag], `${at}.${flag}`);
    const { listParameters, structParameters } = parameter;
    if (isSet(listParameters) && !(Array.isArray(listParameters) && listParameters.every(isObject)))
      fail(`${at}.listParameters`, 'Invalid', 'must be a list of parameter maps');
    if (isSet(structParameters) && !isObject(structParameters))
      fail(`${at}.structParameters`, 'Invalid', 'must be a parameter map');
    const literalValue = (parameter.source ?? 'Value') === 'Value' && parameter.isOutput !== true;
    literal(parameter.value, type, `${at}.value`, literalValue);
    const target = stringValueOf(parameter.value);
    if (type === ValueTypes.Transition && target && !nodeIds.has(target) && !exitNames.has(target))
      fail(`${at}.value`, 'NotFound', `points at no node or exit of the flow: ${JSON.stringify(target)}`);
  });

  return { errors, references };
}

/**
 * Throws a 400 naming every problem (paths after `pathPrefix`, e.g. `package.flows[0].`); returns the
 * references to check against the flow's account.
 */
export function validateFlowGraph(graph: FlowGraph, pathPrefix = ''): ResourceReference[] {
  const { errors, references } = inspectFlowGraph(graph, pathPrefix);
  if (errors.length) throw new ValidationFailedError(errors);
  return references;
}
