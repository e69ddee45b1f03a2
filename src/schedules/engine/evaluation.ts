import type { Schedule, SchedulingRule, SimpleSchedulingRuleTypes } from '../../contract/schedule.dto';
import { floatingMs, zonedDateTime } from './floating-time';
import { timeRuleMatches } from './time-rule';

/**
 * The schedule engine: which state a Schedule is in at an instant. Pure: no database, no clock, no I/O;
 * inputs are never modified.
 *
 * - The schedule is read in its `timeZoneId` (UTC when it has none; an id luxon does not know throws
 *   `Unknown time zone: X`, which the API's validator never lets through).
 * - `forceClosed`: the state is "Closed", whatever the rules say.
 * - Otherwise the rules are tried in ascending `priority` (missing = 0; equal priorities keep their list
 *   order) and the first that matches gives its `state` (a rule without one gives the default state);
 *   when none matches, the state is `defaultState`, or "Closed" when the schedule names none.
 * - A rule matches by its `simpleRuleType` (missing = Time): Always always; CustomerState when the
 *   customer the caller names is in exactly the rule's `customerState` at the same instant (no customer:
 *   never); Time when the instant falls in an occurrence of its recurrence (time-rule.ts: wall-clock
 *   times, DST, spans over midnight, all-day; occurrence-search.ts: how rrule is asked, and what it costs).
 * - A rule's `condition` and `source` are kept as sent and not evaluated.
 */
export interface ScheduleEvaluation {
  /** 'Closed' when forceClosed; else the first matching rule's state; else defaultState, or 'Closed'. */
  state: string;
  /** The rule that matched (null when forceClosed or none matched). */
  rule: SchedulingRule | null;
  /** The zone evaluated in: schedule.timeZoneId, or 'UTC' when it has none. */
  timeZoneId: string;
  /** The instant in that zone, ISO 8601 with its offset, to the second, e.g. '2026-12-07T09:30:00-05:00'. */
  localDateTime: string;
}

export interface EvaluationContext {
  /** The state, at the same instant, of the customer a CustomerState rule refers to; null/undefined: no customer (such rules do not match). */
  customerState?: string | null;
}

const CLOSED = 'Closed';

export function evaluateSchedule(
  schedule: Schedule,
  at: Date,
  context?: EvaluationContext,
): ScheduleEvaluation {
  const timeZoneId = schedule.timeZoneId || 'UTC';
  // To the second: occurrences start on whole seconds, so the milliseconds never change a state.
  const local = zonedDateTime(new Date(Math.floor(at.getTime() / 1000) * 1000), timeZoneId);
  const localDateTime = local.toISO({ suppressMilliseconds: true })!;
  const defaultState = schedule.defaultState || CLOSED;
  if (schedule.forceClosed) return { state: CLOSED, rule: null, timeZoneId, localDateTime };
  const wall = floatingMs(local);
  const rule = byPriority(schedule.rules ?? []).find((candidate) => ruleMatches(candidate, wall, context));
  return { state: rule?.state || defaultState, rule: rule ?? null, timeZoneId, localDateTime };
}

function byPriority(rules: readonly SchedulingRule[]): SchedulingRule[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => (a.rule.priority ?? 0) - (b.rule.priority ?? 0) || a.index - b.index)
    .map(({ rule }) => rule);
}

function ruleMatches(rule: SchedulingRule, wall: number, context: EvaluationContext | undefined): boolean {
  const type: `${SimpleSchedulingRuleTypes}` = rule.simpleRuleType ?? 'Time';
  switch (type) {
    case 'Always':
      return true;
    case 'CustomerState':
      return context?.customerState != null && context.customerState === rule.customerState;
    default:
      return timeRuleMatches(rule, wall);
  }
}
