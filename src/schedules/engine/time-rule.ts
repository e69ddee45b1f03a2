import type { SchedulingRule } from '../../contract/schedule.dto';
import { floatingDate, minutesOfDay, MS_PER_DAY, MS_PER_MINUTE, startOfDay } from './floating-time';
import { withinCount } from './occurrence-count';
import { firstOccurrenceIn } from './occurrence-search';
import { frequencyOf, recurrenceOf } from './recurrence';

const MINUTES_PER_DAY = 1440;

/**
 * Whether a Time rule is in force at a wall-clock time (floating, see floating-time.ts).
 *
 * An occurrence starts at `startTime` (default 00:00) on its date, or at the hour and minute BYHOUR and
 * BYMINUTE give it, and lasts as long as from `startTime` to `endTime` (default 24:00); an `endTime` not
 * after `startTime` ends on the next day (equal: 24 hours). `isAllDay` covers the whole day of each
 * occurrence. All of it is read on the wall clock: on a spring-forward day a rule at 02:30-03:30 is in
 * force from 03:00 to 03:30 (02:30 is never shown), one at 02:30-02:45 not at all; on a fall-back day
 * one at 01:00-02:00 is in force for both hours that read 01:xx, two real hours.
 *
 * Every occurrence lasts the same, so the wall time is covered by some occurrence exactly when an
 * occurrence starts less than that duration before it (the latest such start covers it whenever any
 * earlier one does): the question becomes whether one starts in a window of at most one day.
 * Frequency None (or none) is the single occurrence on `startDate`, never without one.
 */
export function timeRuleMatches(rule: SchedulingRule, wall: number): boolean {
  const startMinute = rule.isAllDay ? 0 : minutesOfDay(rule.startTime ?? '00:00');
  const day = startOfDay(wall);
  const lo = rule.isAllDay ? day : wall - durationMinutes(rule, startMinute) * MS_PER_MINUTE + 1;
  const hi = rule.isAllDay ? day + MS_PER_DAY - 1 : wall;
  const freq = frequencyOf(rule);
  if (freq === null) {
    if (!rule.startDate) return false;
    const start = floatingDate(rule.startDate) + startMinute * MS_PER_MINUTE;
    return start >= lo && start <= hi;
  }
  const recurrence = recurrenceOf(rule, freq, startMinute);
  const occurrence = firstOccurrenceIn(recurrence, lo, hi);
  return occurrence !== null && withinCount(recurrence, occurrence);
}

function durationMinutes(rule: SchedulingRule, startMinute: number): number {
  const endMinute = rule.endTime ? minutesOfDay(rule.endTime) : MINUTES_PER_DAY;
  return (endMinute - startMinute + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
}
