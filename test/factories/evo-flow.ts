import { randomUUID } from 'node:crypto';

/** Flows in Evo Voice's own shape, as its flow editor and its CLI (`evov`) read and write them. */

type Literal = string | number | boolean | null;

/** A node parameter with a literal value, as Evo writes one (`{}` for an unset value). */
export function param(type: string, value: Literal, extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type,
    source: 'Value',
    value:
      typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : typeof value === 'number'
            ? { numberValue: value }
            : {},
    ...extra,
  };
}

export const spec = (typeName: string, name = typeName.replace(/Node$/, '')) => ({
  name,
  typeName,
  url: `/json/reply/${typeName}`,
});

export const subflowSpec = (flowId: string, name: string) => ({
  name,
  typeName: 'FlowNode',
  url: `/flows/start?flowId=${flowId}`,
});

/**
 * A support line: a condition routes to a Dial (of `endpointId`) or out through the `Escalate` exit, and
 * the Dial continues into the sub-flow `sharedFlowId`. It carries fields this service does not know, at
 * every level, which must come back as sent.
 */
export function supportFlow(refs: { endpointId: string; sharedFlowId: string; customerId: string }) {
  return {
    name: 'Main Support',
    roles: ['PhoneNumberRouting'],
    parameters: [
      {
        name: 'Greeting',
        type: 'String',
        isPublic: true,
        defaultValue: { stringValue: 'Hello' },
        uiHint: 'text',
      },
      { name: 'VipCustomer', type: 'Customer', isKnob: true, defaultValue: { stringValue: refs.customerId } },
    ],
    exits: [{ id: 'exit-1', name: 'Escalate', color: 'red' }],
    nodes: [
      {
        id: 'start',
        isStartNode: true,
        name: 'Check support',
        spec: { ...spec('BooleanComparisonNode', 'Boolean Comparison'), iconClass: 'fa-code-branch' },
        parameters: {
          ApiKey: param('String', 'top-secret'),
          Enabled: param('Boolean', false),
          Yes: param('Transition', 'dial'),
          No: param('Transition', 'Escalate'),
        },
        x: 120,
        y: 40,
      },
      {
        id: 'dial',
        isStartNode: false,
        spec: spec('DialNode'),
        parameters: {
          Endpoint: param('Endpoint', refs.endpointId),
          TimeoutInSeconds: param('Number', 30),
          Caller: param('String', '', { source: 'Expression', expression: 'Session.From', isAsync: false }),
          Done: param('Transition', 'subflow'),
          NoAnswer: param('Transition', null),
        },
      },
      {
        id: 'subflow',
        isStartNode: false,
        spec: subflowSpec(refs.sharedFlowId, 'Shared Voicemail'),
        parameters: {},
      },
    ],
  };
}

/** A flow usable as a sub-flow: a public parameter and two exits. */
export function sharedVoicemail() {
  return {
    name: 'Shared Voicemail',
    description: 'Takes a message',
    parameters: [{ name: 'Mailbox', type: 'Endpoint', isPublic: true }],
    exits: [
      { id: 'done', name: 'Done' },
      { id: 'fail', name: 'Failed' },
    ],
    nodes: [
      {
        id: 'vm',
        isStartNode: true,
        spec: spec('VoicemailNode'),
        parameters: { Next: param('Transition', 'Done'), OnError: param('Transition', 'Failed') },
      },
    ],
  };
}
