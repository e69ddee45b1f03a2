import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Value } from '../../contract/struct.dto';
import { ValueTypes } from '../../contract/value-types.enum';

/**
 * The shapes of Evo's flow graph, for OpenAPI and for ServiceStack binding (PascalCase keys from C#
 * clients). Requests are validated by `flow-graph.ts`, not by class-validator, so that every field a
 * client sends is stored and returned as sent, unknown ones included.
 */

const valueTypes = (description: string) =>
  ApiPropertyOptional({ description, enum: ValueTypes, enumName: 'ValueTypes' });

/** A map from parameter name to NodeParameter. */
const parameterMap = (description: string) => ({
  description,
  type: 'object' as const,
  additionalProperties: { $ref: getSchemaPath('NodeParameter') },
});

/** Evo's `NodeParameter`: one named input, output or transition of a node. */
export class NodeParameter {
  @ApiProperty({ description: 'The ID of this value, unique among all the values of the flow' })
  id: string;

  @valueTypes('What the parameter holds; `Transition` parameters route to a node id or an exit name')
  type?: ValueTypes;

  @ApiPropertyOptional({
    description:
      'Where the value comes from: `Value` (the literal in `value`, the default), `Expression`, or a field ' +
      '(`Customer`, `Endpoint`, `User`, `System`, `Flow`) named by `referenceId`',
    example: 'Value',
  })
  source?: string;

  @ApiPropertyOptional({
    description:
      'The literal value. A Transition holds the id of a node or the name of an exit of the flow in ' +
      '`stringValue` (empty: not connected); a resource type (Flow, Endpoint, Customer, ...) the id of an ' +
      'object of the flow’s account',
    type: () => Value,
  })
  value?: Value;

  @ApiPropertyOptional({ description: 'Whether the parameter runs asynchronously' })
  isAsync?: boolean;

  @ApiPropertyOptional({ description: 'Whether the parameter is an output of the node' })
  isOutput?: boolean;

  @ApiPropertyOptional({ description: 'The field the value is read from, when `source` names one' })
  referenceId?: string;

  @ApiPropertyOptional({
    description: 'A List parameter’s items, each a map of parameters',
    type: 'array',
    items: parameterMap('One item'),
  })
  listParameters?: Record<string, NodeParameter>[];

  @ApiPropertyOptional(parameterMap('A Struct parameter’s fields'))
  structParameters?: Record<string, NodeParameter>;

  @ApiPropertyOptional({ description: 'The expression, when `source` is `Expression`' })
  expression?: string;
}

/** Evo's node spec: which node type a node is, and the URL that runs it. */
export class NodeSpec {
  @ApiPropertyOptional({
    description: 'The human name of the node type (or of the sub-flow)',
    example: 'Dial',
  })
  name?: string;

  @ApiPropertyOptional({ description: 'The node type; what `nodeTypeFilter` matches', example: 'DialNode' })
  typeName?: string;

  @ApiProperty({
    description:
      'The URL that runs the node; a sub-flow node’s is `/flows/start?flowId=<id>`, the id of a flow of ' +
      'the same account',
    example: '/json/reply/DialNode',
  })
  url: string;
}

/** Evo's `FlowNode`: a node of the routing graph. */
export class FlowNode {
  @ApiProperty({ description: 'The ID of the node, unique within the flow' })
  id: string;

  @ApiPropertyOptional({ description: 'The label of the node' })
  name?: string;

  @ApiPropertyOptional({ description: 'Whether the flow starts here: exactly one node of a non-empty flow' })
  isStartNode?: boolean;

  @ApiProperty({ description: 'The node type', type: () => NodeSpec })
  spec: NodeSpec;

  @ApiPropertyOptional(parameterMap('The parameters of the node, by name'))
  parameters?: Record<string, NodeParameter>;
}

/** Evo's flow exit: where a flow used as a sub-flow returns to its caller. */
export class FlowExit {
  @ApiPropertyOptional({ description: 'The ID of the exit' })
  id?: string;

  @ApiProperty({ description: 'The name of the exit, unique within the flow; transitions name it' })
  name: string;
}

/** Evo's `FlowParameter`: an input (or output) of the flow, set by endpoints' `flowParams` or callers. */
export class FlowParameter {
  @ApiProperty({ description: 'The name of the parameter, unique within the flow' })
  name: string;

  @valueTypes('What the parameter holds (not Struct or Transition)')
  type?: ValueTypes;

  @ApiPropertyOptional({ description: 'Whether endpoints and calling flows may set it' })
  isPublic?: boolean;

  @ApiPropertyOptional({ description: 'Whether it is shown as a knob' })
  isKnob?: boolean;

  @ApiPropertyOptional({ description: 'Whether it is an output of the flow (outputs are public)' })
  isOutput?: boolean;

  @ApiPropertyOptional({ description: 'The value used when none is set', type: () => Value })
  defaultValue?: Value;

  @valueTypes('The type of a List parameter’s items (required for a List)')
  listType?: ValueTypes;

  @ApiPropertyOptional({ description: 'A description of the parameter' })
  description?: string;
}

/** A parameter of a node type in the catalogue (`GET /flows/available-nodes`). */
export class NodeParameterSpec {
  @ApiProperty({ description: 'The name of the parameter', example: 'TimeoutInSeconds' })
  name: string;

  @ApiProperty({ description: 'What it holds', enum: ValueTypes, enumName: 'ValueTypes' })
  type: ValueTypes;

  @ApiProperty({ description: 'What it is for' })
  description: string;

  @ApiPropertyOptional({ description: 'Whether it is an output of the node' })
  isOutput?: boolean;

  @ApiPropertyOptional({ description: 'The value a new node starts with', type: () => Value })
  defaultValue?: Value;

  @ApiPropertyOptional({
    description: 'The fields of each item of a List parameter (or of a Struct)',
    type: () => [NodeParameterSpec],
  })
  structParameters?: NodeParameterSpec[];
}

/** A node type the flow editor can add: its spec and the parameters a node of it takes. */
export class AvailableNode extends NodeSpec {
  @ApiProperty({ description: 'What the node does' })
  description: string;

  @ApiProperty({
    description: 'Its parameters; `Transition` ones are where it continues',
    type: [NodeParameterSpec],
  })
  parameters: NodeParameterSpec[];
}
