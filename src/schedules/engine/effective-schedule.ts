import type { Schedule, SchedulingRule } from '../../contract/schedule.dto';

/** Where an effective schedule comes from: the endpoint's or customer's own, a customer up the chain, or the account default. */
export type ScheduleSource =
  { kind: 'Own' } | { kind: 'Customer'; customerId: string } | { kind: 'AccountDefault' };

export interface EffectiveSchedule {
  schedule: Schedule;
  source: ScheduleSource;
}

/** The account default used when nothing up the chain defines a schedule: always 'Open', in UTC. */
export const ACCOUNT_DEFAULT_SCHEDULE: Schedule = Object.freeze({
  timeZoneId: 'UTC',
  inherit: false,
  forceClosed: false,
  rules: Object.freeze<SchedulingRule[]>([]) as SchedulingRule[],
  defaultState: 'Open',
});

const defines = (schedule: Schedule | null | undefined): schedule is Schedule =>
  !!schedule && !schedule.inherit;

/**
 * `own` (an endpoint's or a customer's schedule) unless it is null/undefined or has inherit: true; then
 * the first of `ancestors` (nearest customer first) whose schedule is set and does not inherit; else the
 * account default.
 */
export function effectiveSchedule(
  own: Schedule | null | undefined,
  ancestors: readonly { customerId: string; schedule: Schedule | null | undefined }[],
): EffectiveSchedule {
  if (defines(own)) return { schedule: own, source: { kind: 'Own' } };
  const ancestor = ancestors.find(({ schedule }) => defines(schedule));
  if (ancestor)
    return { schedule: ancestor.schedule!, source: { kind: 'Customer', customerId: ancestor.customerId } };
  return { schedule: ACCOUNT_DEFAULT_SCHEDULE, source: { kind: 'AccountDefault' } };
}
