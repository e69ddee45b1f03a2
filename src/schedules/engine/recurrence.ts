import { Frequency, Weekday } from 'rrule';
import type { Options } from 'rrule';
import type { DayOfWeek, SchedulingRule, SchedulingRuleFrequency } from '../../contract/schedule.dto';
import { floatingDate, MS_PER_DAY, MS_PER_MINUTE, weekdayOf } from './floating-time';

/**
 * A Time rule's recurrence, ready to evaluate: what rrule calls FREQ, INTERVAL, DTSTART, UNTIL, COUNT and
 * the BY* parts. The parts rrule would derive from DTSTART when a rule leaves them out (a weekly rule
 * recurs on DTSTART's weekday, a daily rule at DTSTART's hour and minute, ...) are spelled out here, so
 * that any later DTSTART (see occurrence-search.ts) describes the same series.
 */
export interface Recurrence {
  freq: Frequency;
  interval: number;
  /** Floating (see floating-time.ts). */
  dtstart: number;
  /** Floating: the last millisecond of the until-day, which is inclusive. */
  until: number | null;
  count: number | null;
  byMonth?: number[];
  byWeekNo?: number[];
  byYearDay?: number[];
  byMonthDay?: number[];
  /** rrule weekday numbers (Monday = 0) with their nth (0 = every such day of the period). */
  byDay?: { weekday: number; nth: number }[];
  byHour?: number[];
  byMinute?: number[];
  bySetPos?: number[];
}

const FREQUENCIES: Record<`${SchedulingRuleFrequency}`, Frequency | null> = {
  None: null,
  Secondly: Frequency.SECONDLY,
  Minutely: Frequency.MINUTELY,
  Hourly: Frequency.HOURLY,
  Daily: Frequency.DAILY,
  Weekly: Frequency.WEEKLY,
  Monthly: Frequency.MONTHLY,
  Yearly: Frequency.YEARLY,
};

const WEEKDAYS: Record<`${DayOfWeek}`, number> = {
  Monday: 0,
  Tuesday: 1,
  Wednesday: 2,
  Thursday: 3,
  Friday: 4,
  Saturday: 5,
  Sunday: 6,
};

const UNIX_EPOCH_DATE = '1970-01-01';

/** Sorted, without duplicates; undefined for a missing or empty list (rrule reads [] as "given"). */
function list(values: readonly number[] | undefined): number[] | undefined {
  return values?.length ? [...new Set(values)].sort((a, b) => a - b) : undefined;
}

/** The rule's FREQ, or null for None (a single occurrence on startDate). */
export function frequencyOf(rule: SchedulingRule): Frequency | null {
  return rule.frequency ? FREQUENCIES[rule.frequency] : null;
}

/**
 * The recurrence of a rule whose frequency is not None; `startMinute` is where each occurrence starts
 * (0 for an all-day rule). Interval and count 0 mean "not set", as a missing one does.
 */
export function recurrenceOf(rule: SchedulingRule, freq: Frequency, startMinute: number): Recurrence {
  const dtstart = floatingDate(rule.startDate ?? UNIX_EPOCH_DATE) + startMinute * MS_PER_MINUTE;
  const start = new Date(dtstart);
  const byDay = rule.byDay
    ?.filter((day) => day.dayOfWeek)
    .map((day) => ({
      weekday: WEEKDAYS[day.dayOfWeek!],
      nth: freq <= Frequency.MONTHLY ? (day.offset ?? 0) : 0,
    }));
  const recurrence: Recurrence = {
    freq,
    interval: rule.interval || 1,
    dtstart,
    until: rule.untilDate ? floatingDate(rule.untilDate) + MS_PER_DAY - 1 : null,
    count: rule.count || null,
    byMonth: list(rule.byMonth),
    byWeekNo: list(rule.byWeekNo),
    byYearDay: list(rule.byYearDay),
    byMonthDay: list(rule.byMonthDay),
    byDay: byDay?.length ? byDay : undefined,
    byHour: list(rule.byHour) ?? (freq < Frequency.HOURLY ? [start.getUTCHours()] : undefined),
    byMinute: list(rule.byMinute) ?? (freq < Frequency.MINUTELY ? [start.getUTCMinutes()] : undefined),
    bySetPos: list(rule.bySetPosition?.filter((position) => position !== 0)),
  };
  if (!recurrence.byWeekNo && !recurrence.byYearDay && !recurrence.byMonthDay && !recurrence.byDay) {
    if (freq === Frequency.YEARLY) {
      recurrence.byMonth ??= [start.getUTCMonth() + 1];
      recurrence.byMonthDay = [start.getUTCDate()];
    } else if (freq === Frequency.MONTHLY) {
      recurrence.byMonthDay = [start.getUTCDate()];
    } else if (freq === Frequency.WEEKLY) {
      recurrence.byDay = [{ weekday: weekdayOf(dtstart), nth: 0 }];
    }
  }
  return recurrence;
}

/** rrule options for a recurrence (fresh arrays: rrule may keep or reshape what it is given). */
export function rruleOptions(recurrence: Recurrence): Partial<Options> {
  return {
    freq: recurrence.freq,
    interval: recurrence.interval,
    dtstart: new Date(recurrence.dtstart),
    bymonth: recurrence.byMonth && [...recurrence.byMonth],
    byweekno: recurrence.byWeekNo && [...recurrence.byWeekNo],
    byyearday: recurrence.byYearDay && [...recurrence.byYearDay],
    bymonthday: recurrence.byMonthDay && [...recurrence.byMonthDay],
    byweekday: recurrence.byDay?.map(({ weekday, nth }) => new Weekday(weekday, nth || undefined)),
    byhour: recurrence.byHour && [...recurrence.byHour],
    byminute: recurrence.byMinute && [...recurrence.byMinute],
    bysecond: recurrence.freq < Frequency.SECONDLY ? [0] : undefined,
    bysetpos: recurrence.bySetPos && [...recurrence.bySetPos],
  };
}
