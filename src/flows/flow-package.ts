import { ValueTypes } from '../contract/value-types.enum';
import {
  FLOW_VALUE_TYPES,
  FlowGraph,
  stringValueOf,
  subflowIdOf,
  walkNodeParameters,
  withSubflowId,
} from './flow-graph';

/** What moving flows between accounts in a package needs to know of their graphs (pure functions). */

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The custom fields the flows' node parameters read, by the settings list that defines them. */
export function customFieldDependencies(graphs: FlowGraph[]): {
  customerFields: Set<string>;
  endpointFields: Set<string>;
  systemFields: Set<string>;
} {
  const used = {
    customerFields: new Set<string>(),
    endpointFields: new Set<string>(),
    systemFields: new Set<string>(),
  };
  for (const graph of graphs)
    walkNodeParameters(graph.nodes, (parameter) => {
      const field = parameter.referenceId;
      if (typeof field !== 'string' || !field) return;
      if (parameter.source === 'Customer') used.customerFields.add(field);
      else if (parameter.source === 'Endpoint' || parameter.source === 'User') used.endpointFields.add(field);
      else if (parameter.source === 'System') used.systemFields.add(field);
    });
  return used;
}

/**
 * A copy of the graph whose references to the flows in `ids` (sub-flow URLs, Flow values, flow
 * parameter defaults) name their replacements instead: how a package's flows keep calling each other
 * once imported under new ids.
 */
export function remapFlowIds(graph: FlowGraph, ids: Map<string, string>): FlowGraph {
  const copy = structuredClone(graph);
  const remapValue = (holder: JsonObject, key: string, type: unknown) => {
    const id = stringValueOf(holder[key]);
    if (FLOW_VALUE_TYPES.has(type as ValueTypes) && ids.has(id))
      holder[key] = { ...(holder[key] as JsonObject), stringValue: ids.get(id) };
  };
  for (const node of copy.nodes) {
    if (!isObject(node.spec) || typeof node.spec.url !== 'string') continue;
    const id = subflowIdOf(node.spec.url);
    if (id && ids.has(id)) node.spec.url = withSubflowId(node.spec.url, ids.get(id)!);
  }
  walkNodeParameters(copy.nodes, (parameter) => {
    if ((parameter.source ?? 'Value') === 'Value') remapValue(parameter, 'value', parameter.type);
  });
  for (const parameter of copy.parameters) remapValue(parameter, 'defaultValue', parameter.type);
  return copy;
}
