import type { ScheduledFlow } from '../../contract/schedule.dto';
import type { Struct } from '../../contract/struct.dto';
import type { EndpointFlowSchedules } from '../../contract/endpoint.enums';
import type { ScheduleEvaluation } from './evaluation';

export interface EndpointFlowSettings {
  flowSchedule?: EndpointFlowSchedules | null;
  flowId?: string | null;
  flowParams?: Struct | null;
  scheduledFlows?: ScheduledFlow[] | null;
}

export interface ResolvedFlow {
  flowId: string | null;
  flowParams: Struct | null;
}

/**
 * The flow an endpoint answers with, given its schedule's evaluation. Always (or no flowSchedule):
 * flowId/flowParams. Scheduled: the scheduledFlows entry whose stateName equals the state, when it names
 * a flow; else flowId/flowParams. Simple: the matched rule's flowId/flowParams when the rule has a
 * flowId; else flowId/flowParams.
 */
export function resolveEndpointFlow(
  endpoint: EndpointFlowSettings,
  evaluation: ScheduleEvaluation,
): ResolvedFlow {
  const flowSchedule: `${EndpointFlowSchedules}` = endpoint.flowSchedule ?? 'Always';
  const chosen =
    flowSchedule === 'Scheduled'
      ? endpoint.scheduledFlows?.find((flow) => flow.stateName === evaluation.state)
      : flowSchedule === 'Simple'
        ? evaluation.rule
        : null;
  if (chosen?.flowId) return { flowId: chosen.flowId, flowParams: chosen.flowParams ?? null };
  return { flowId: endpoint.flowId ?? null, flowParams: endpoint.flowParams ?? null };
}
