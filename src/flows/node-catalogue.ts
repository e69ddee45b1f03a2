import { ValueTypes } from '../contract/value-types.enum';
import type { AvailableNode, NodeParameterSpec } from './dto/flow-graph.dto';

/**
 * The node types `GET /flows/available-nodes` offers: the ones a phone number's routing graph needs,
 * plus one sub-flow node per flow of the account (`subflowNode`). A flow may hold nodes of other
 * types too (Evo has many more): they are stored as sent.
 */

const node = (
  typeName: string,
  name: string,
  description: string,
  parameters: NodeParameterSpec[],
): AvailableNode => ({
  name,
  typeName,
  url: `/json/reply/${typeName}`,
  description,
  parameters,
});

const input = (
  name: string,
  type: ValueTypes,
  description: string,
  defaultValue?: NodeParameterSpec['defaultValue'],
) => ({
  name,
  type,
  description,
  ...(defaultValue ? { defaultValue } : {}),
});

const transition = (name: string, description: string): NodeParameterSpec => ({
  name,
  type: ValueTypes.Transition,
  description,
});

const next = transition('Next', 'Where the call goes next');

export const BUILT_IN_NODES: readonly AvailableNode[] = [
  node('StartNode', 'Start', 'Where the flow begins', [next]),
  node('DialNode', 'Dial', 'Rings an endpoint of the account or an outside number', [
    input('Endpoint', ValueTypes.Endpoint, 'The endpoint to ring (a number, user or team)'),
    input('PhoneNumber', ValueTypes.String, 'An outside number to dial instead, E.164'),
    input('CallerId', ValueTypes.String, 'The caller id to show'),
    input('TimeoutInSeconds', ValueTypes.Number, 'How long to ring', { numberValue: 30 }),
    transition('OnAnswered', 'After an answered call ends'),
    transition('OnNoAnswer', 'Nobody answered in time'),
    transition('OnBusy', 'The line was busy'),
    transition('OnFailed', 'The call could not be placed'),
  ]),
  node('MenuNode', 'Menu', 'Plays a prompt and routes on the digit pressed', [
    input('Prompt', ValueTypes.String, 'What to say before listening'),
    input('PromptAudio', ValueTypes.AudioFile, 'A recording to play instead of the text'),
    input('TimeoutInSeconds', ValueTypes.Number, 'How long to wait for a digit', { numberValue: 5 }),
    {
      name: 'Options',
      type: ValueTypes.List,
      description: 'One item per choice',
      structParameters: [
        input('Digit', ValueTypes.String, 'The key to press: 0-9, * or #'),
        transition('Next', 'Where that choice goes'),
      ],
    },
    transition('OnTimeout', 'No digit was pressed'),
    transition('OnInvalid', 'A digit no option has'),
  ]),
  node('SayNode', 'Say', 'Speaks a text', [
    input('Text', ValueTypes.String, 'What to say'),
    input('Voice', ValueTypes.String, 'The voice to say it in', { stringValue: 'alice' }),
    input('Language', ValueTypes.String, 'The language, e.g. en-US', { stringValue: 'en-US' }),
    next,
  ]),
  node('PlayNode', 'Play', 'Plays a recording', [
    input('Audio', ValueTypes.AudioFile, 'The recording'),
    input('Loop', ValueTypes.Number, 'How many times to play it', { numberValue: 1 }),
    next,
  ]),
  node('ConditionNode', 'Condition', 'Branches on a condition', [
    input('Condition', ValueTypes.Boolean, 'The condition (usually an Expression)'),
    transition('Yes', 'The condition holds'),
    transition('No', 'It does not'),
  ]),
  node('TimeOfDayNode', 'Time of Day', 'Branches on whether it is open hours', [
    input('TimeZoneId', ValueTypes.TimeZoneId, 'The time zone of the hours', {
      stringValue: 'America/New_York',
    }),
    input('OpenTime', ValueTypes.Time, 'Opening time, HH:mm', { stringValue: '09:00' }),
    input('CloseTime', ValueTypes.Time, 'Closing time, HH:mm', { stringValue: '17:00' }),
    input('Days', ValueTypes.String, 'Open days, comma-separated', {
      stringValue: 'Monday,Tuesday,Wednesday,Thursday,Friday',
    }),
    transition('Open', 'Within the hours'),
    transition('Closed', 'Outside them'),
  ]),
  node('VoicemailNode', 'Voicemail', 'Records a message for an endpoint', [
    input('Mailbox', ValueTypes.Endpoint, 'Whose voicemail it is'),
    input('Greeting', ValueTypes.AudioFile, 'The greeting to play first'),
    input('MaxLengthInSeconds', ValueTypes.Number, 'The longest message', { numberValue: 120 }),
    input('Transcribe', ValueTypes.Boolean, 'Whether to transcribe the message', { boolValue: false }),
    next,
  ]),
  node('TransferNode', 'Transfer', 'Hands the call to another endpoint, number or flow', [
    input('Endpoint', ValueTypes.Endpoint, 'The endpoint to transfer to'),
    input('PhoneNumber', ValueTypes.String, 'An outside number to transfer to instead, E.164'),
    input('Flow', ValueTypes.Flow, 'A flow of the account to transfer to instead'),
    transition('OnFailed', 'The transfer failed'),
  ]),
  node('HangUpNode', 'Hang Up', 'Ends the call', []),
];

/** The node that runs `flow` as a sub-flow: its public parameters are inputs, its exits transitions. */
export function subflowNode(flow: {
  id: string;
  name: string;
  description: string | null;
  parameters: Record<string, unknown>[];
  exits: Record<string, unknown>[];
}): AvailableNode {
  const inputs = flow.parameters
    .filter((p) => p.isPublic === true && typeof p.name === 'string' && typeof p.type === 'string')
    .map((p): NodeParameterSpec => ({
      name: p.name as string,
      type: p.type as ValueTypes,
      description:
        typeof p.description === 'string' ? p.description : `The flow's ${p.name as string} parameter`,
      ...(p.isOutput === true ? { isOutput: true } : {}),
    }));
  const exits = flow.exits
    .filter((e) => typeof e.name === 'string')
    .map((e) => transition(e.name as string, `The flow returns through its ${e.name as string} exit`));
  return {
    name: flow.name,
    typeName: 'FlowNode',
    url: `/flows/start?flowId=${encodeURIComponent(flow.id)}`,
    description: flow.description ?? `Runs the flow ${flow.name}`,
    parameters: [...inputs, ...exits],
  };
}
