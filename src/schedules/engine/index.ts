export { evaluateSchedule, type EvaluationContext, type ScheduleEvaluation } from './evaluation';
export {
  ACCOUNT_DEFAULT_SCHEDULE,
  effectiveSchedule,
  type EffectiveSchedule,
  type ScheduleSource,
} from './effective-schedule';
export { resolveEndpointFlow, type EndpointFlowSettings, type ResolvedFlow } from './endpoint-flow';
export { clockInstant, type TestClock } from './test-clock';
