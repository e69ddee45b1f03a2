import { FieldError, ValidationFailedError } from '../common/errors/domain-errors';

/**
 * The shape of a flow's routing graph, checked on every write (everything else on a node is stored
 * as given):
 *
 *   node:       { id: string, type: string, isStartNode?: boolean, transitions?: Transition[], ... }
 *   transition: { targetNodeId: string } | { exitId: string }   (exactly one of the two)
 *   exit:       { id: string, name?: string, ... }
 *
 * Rules: node ids and exit ids are unique; a non-empty graph has exactly one start node; every
 * transition points at a node or an exit of the same flow. An empty graph is allowed (a flow being
 * drafted). Errors name the JSON path: `nodes[2].transitions[0].targetNodeId`.
 */
export function validateFlowGraph(nodes: Record<string, unknown>[], exits: Record<string, unknown>[]): void {
  const errors: FieldError[] = [];
  const fail = (fieldName: string, errorCode: string, message: string) =>
    errors.push({ fieldName, errorCode, message: `${fieldName} ${message}` });
  const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;

  const exitIds = new Set<string>();
  exits.forEach((exit, i) => {
    if (!isId(exit.id)) return fail(`exits[${i}].id`, 'NotEmpty', 'must be a string of 1 to 64 characters');
    if (exitIds.has(exit.id)) fail(`exits[${i}].id`, 'Duplicate', `repeats the exit id '${exit.id}'`);
    exitIds.add(exit.id);
  });

  const nodeIds = new Set<string>();
  nodes.forEach((node, i) => {
    if (!isId(node.id)) return fail(`nodes[${i}].id`, 'NotEmpty', 'must be a string of 1 to 64 characters');
    if (nodeIds.has(node.id)) fail(`nodes[${i}].id`, 'Duplicate', `repeats the node id '${node.id}'`);
    nodeIds.add(node.id);
  });

  const starts: number[] = [];
  nodes.forEach((node, i) => {
    if (typeof node.type !== 'string' || node.type.length === 0 || node.type.length > 255)
      fail(`nodes[${i}].type`, 'NotEmpty', 'must be a string of 1 to 255 characters');
    if (node.isStartNode !== undefined && typeof node.isStartNode !== 'boolean')
      fail(`nodes[${i}].isStartNode`, 'Invalid', 'must be a boolean');
    if (node.isStartNode === true) starts.push(i);
    if (node.transitions === undefined) return;
    if (!Array.isArray(node.transitions))
      return fail(`nodes[${i}].transitions`, 'Invalid', 'must be a list of transitions');
    (node.transitions as unknown[]).forEach((t, j) => {
      const at = `nodes[${i}].transitions[${j}]`;
      if (typeof t !== 'object' || t === null || Array.isArray(t))
        return fail(at, 'Invalid', 'must be an object with targetNodeId or exitId');
      const { targetNodeId, exitId } = t as { targetNodeId?: unknown; exitId?: unknown };
      if ((targetNodeId === undefined) === (exitId === undefined))
        return fail(at, 'Invalid', 'must have exactly one of targetNodeId and exitId');
      if (targetNodeId !== undefined && !(typeof targetNodeId === 'string' && nodeIds.has(targetNodeId)))
        fail(
          `${at}.targetNodeId`,
          'NotFound',
          `points at no node of the flow: ${JSON.stringify(targetNodeId)}`,
        );
      if (exitId !== undefined && !(typeof exitId === 'string' && exitIds.has(exitId)))
        fail(`${at}.exitId`, 'NotFound', `points at no exit of the flow: ${JSON.stringify(exitId)}`);
    });
  });
  if (nodes.length > 0 && starts.length !== 1)
    fail(
      'nodes',
      'StartNode',
      `must have exactly one start node (isStartNode: true); found ${starts.length}`,
    );

  if (errors.length) throw new ValidationFailedError(errors);
}
