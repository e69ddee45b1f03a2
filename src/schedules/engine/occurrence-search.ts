import { Frequency, RRule } from 'rrule';
import { periodsOf } from './calendar-periods';
import {
  dayOfYear,
  floatingDateTime,
  MS_PER_DAY,
  MS_PER_MINUTE,
  startOfDay,
  weekdayOf,
} from './floating-time';
import { positions, timesOfDay } from './period-sets';
import { rruleOptions, type Recurrence } from './recurrence';

/**
 * Where a recurrence has an occurrence starting in a window of at most two days.
 *
 * rrule walks a series from DTSTART, period after period, and stops only at an occurrence past what it
 * was asked or at the year 9999: asked plainly, a daily rule from 1970 costs every day since 1970, and a
 * rule whose BY* parts never or rarely meet (February 30th, a 5th Friday in a short month, a weekly rule
 * in a month it skips) walks to the year 9999. So it is only ever asked about ONE period at a time:
 * - the periods that can hold an occurrence in the window are those overlapping it (at most three), and
 *   the ones that count are whole multiples of INTERVAL after DTSTART's period (calendar-periods.ts);
 *   later DTSTARTs are legitimate because recurrence.ts spells out every part rrule would have derived
 *   from the real DTSTART;
 * - a yearly or monthly period with BYSETPOS or nth weekdays (whose days depend on the whole period) is
 *   asked to rrule with an INTERVAL that puts the next period past 9999, so it stops after that one
 *   period: its BY* expansion, nth weekdays and BYSETPOS are rrule's;
 * - in any other period every BY* day part is a plain filter on the day (rrule ignores nth weekdays
 *   below monthly). Plain BYMONTH, BYMONTHDAY and BYDAY, the usual ones, are read directly; with
 *   BYWEEKNO or BYYEARDAY, rrule is asked which of the window's days pass (a one-month probe, below).
 *   The times of day, the INTERVAL steps of hours, minutes and seconds and BYSETPOS within a weekly,
 *   daily or shorter period are laid over those days here. Only BYMINUTE expands an hourly period and
 *   nothing expands a minutely or secondly one, so BYSETPOS keeps such a period's single start or drops
 *   it.
 * The cost is thus a handful of one-period rrule calls, and at most one step per minute of the window
 * for minutely and secondly rules.
 */

const SINGLE_PERIOD_INTERVAL: Partial<Record<Frequency, number>> = {
  [Frequency.YEARLY]: 10_000,
  [Frequency.MONTHLY]: 120_000,
};

/** The earliest occurrence start in [lo, hi] (floating), or null. */
export function firstOccurrenceIn(recurrence: Recurrence, lo: number, hi: number): number | null {
  const from = Math.max(lo, recurrence.dtstart);
  const to = recurrence.until === null ? hi : Math.min(hi, recurrence.until);
  if (from > to) return null;
  if (recurrence.freq >= Frequency.HOURLY) return firstClockOccurrence(recurrence, from, to);
  const periods = periodsOf(recurrence.freq);
  const origin = periods.numberOf(recurrence.dtstart);
  const { interval } = recurrence;
  const last = periods.numberOf(to);
  for (let period = aligned(origin, periods.numberOf(from), interval); period <= last; period += interval) {
    const start = periods.startOf(period);
    const end = periods.startOf(period + 1) - 1;
    // A yearly or monthly rule without BYSETPOS or nth weekdays filters days as a daily one does.
    const expands = recurrence.bySetPos || recurrence.byDay?.some(({ nth }) => nth);
    const found =
      recurrence.freq <= Frequency.MONTHLY && expands
        ? firstInRrulePeriod(recurrence, start, from, to)
        : firstInDayPeriod(recurrence, start, end, from, to);
    if (found !== null) return found;
  }
  return null;
}

/** The number of whole INTERVAL steps from DTSTART's period to the period holding `at`. */
export function periodSteps(recurrence: Recurrence, at: number): number {
  const periods = periodsOf(recurrence.freq);
  return Math.floor((periods.numberOf(at) - periods.numberOf(recurrence.dtstart)) / recurrence.interval);
}

/** The first period at or after `atLeast` that is a whole number of INTERVAL steps after `origin`. */
function aligned(origin: number, atLeast: number, interval: number): number {
  return origin + Math.ceil((atLeast - origin) / interval) * interval;
}

/** A yearly or monthly period, expanded by rrule alone. */
function firstInRrulePeriod(recurrence: Recurrence, start: number, from: number, to: number): number | null {
  const options = rruleOptions(recurrence);
  options.dtstart = new Date(Math.max(start, recurrence.dtstart));
  options.interval = SINGLE_PERIOD_INTERVAL[recurrence.freq];
  if (recurrence.bySetPos) {
    options.bysetpos = setPositionsWithin(recurrence, start);
    if (!options.bysetpos.length) return null;
  } else {
    // Without BYSETPOS each day stands alone, so rrule need not lay out the days outside the window.
    const year = new Date(start).getUTCFullYear();
    const days = yearDaysPassing(recurrence, daysIn(from, to)).filter(
      (day) => new Date(day).getUTCFullYear() === year,
    );
    if (!days.length) return null;
    options.byyearday = days.map((day) => dayOfYear(day).ordinal);
  }
  const first = new RRule(options, true).after(new Date(from), true)?.getTime();
  return first !== undefined && first <= to ? first : null;
}

/**
 * The BYSETPOS entries that name an element of a yearly or monthly period's set. rrule reads a negative
 * position beyond the set's size as its first element (it slices from the end); RFC 5545, and this
 * engine, read it as nothing. So a negative one is kept only when the set is that large: rrule counts
 * the period's days (one time each, from the period's start, as BYSETPOS counts them all).
 */
function setPositionsWithin(recurrence: Recurrence, start: number): number[] {
  const positions = recurrence.bySetPos!;
  if (positions.every((position) => position > 0)) return positions;
  const days = new RRule(
    {
      ...rruleOptions(recurrence),
      dtstart: new Date(start),
      interval: SINGLE_PERIOD_INTERVAL[recurrence.freq],
      byhour: [0],
      byminute: [0],
      bysecond: [0],
      bysetpos: undefined,
    },
    true,
  ).all().length;
  const size = days * timesOfDay(recurrence).length;
  return positions.filter((position) => position > 0 || position >= -size);
}

/** A weekly or daily period: rrule says which days pass, the times and BYSETPOS are laid over them. */
function firstInDayPeriod(
  recurrence: Recurrence,
  start: number,
  end: number,
  from: number,
  to: number,
): number | null {
  const days = recurrence.bySetPos ? daysIn(start, end) : daysIn(Math.max(from, start), Math.min(to, end));
  const times = timesOfDay(recurrence);
  const passing = passingDays(recurrence, days);
  const starts = recurrence.bySetPos
    ? positions(passing, times, recurrence.bySetPos)
    : passing.flatMap((day) => times.map((time) => day + time));
  return firstWithin(starts, from, to);
}

function firstClockOccurrence(recurrence: Recurrence, from: number, to: number): number | null {
  const { interval, byHour, byMinute, bySetPos } = recurrence;
  const period = periodsOf(recurrence.freq).startOf(1);
  const origin = Math.floor(recurrence.dtstart / period);
  const dayVerdicts = new Map<number, boolean>();
  const allowed = (ms: number, checkMinute: boolean): boolean => {
    const date = new Date(ms);
    if (byHour && !byHour.includes(date.getUTCHours())) return false;
    if (checkMinute && byMinute && !byMinute.includes(date.getUTCMinutes())) return false;
    const day = startOfDay(ms);
    if (!dayVerdicts.has(day)) dayVerdicts.set(day, passingDays(recurrence, [day]).length > 0);
    return dayVerdicts.get(day)!;
  };
  if (recurrence.freq === Frequency.HOURLY) {
    const minutes = byMinute!.map((minute) => minute * MS_PER_MINUTE);
    for (
      let step = aligned(origin, Math.floor(from / period), interval);
      step * period <= to;
      step += interval
    ) {
      const hour = step * period;
      if (!allowed(hour, false)) continue;
      const starts = bySetPos ? positions([hour], minutes, bySetPos) : minutes.map((minute) => hour + minute);
      const found = firstWithin(starts, from, to);
      if (found !== null) return found;
    }
    return null;
  }
  if (bySetPos && !bySetPos.includes(1) && !bySetPos.includes(-1)) return null;
  if (recurrence.freq === Frequency.MINUTELY) {
    for (
      let step = aligned(origin, Math.ceil(from / period), interval);
      step * period <= to;
      step += interval
    ) {
      if (allowed(step * period, true)) return step * period;
    }
    return null;
  }
  for (let minute = Math.floor(from / MS_PER_MINUTE) * MS_PER_MINUTE; minute <= to; minute += MS_PER_MINUTE) {
    if (!allowed(minute, true)) continue;
    const second = aligned(origin, Math.ceil(Math.max(from, minute) / period), interval) * period;
    if (second <= Math.min(to, minute + MS_PER_MINUTE - 1)) return second;
  }
  return null;
}

/** The starts of the floating days from the one holding `from` to the one holding `to`. */
function daysIn(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = startOfDay(from); day <= to; day += MS_PER_DAY) days.push(day);
  return days;
}

/** The days whose day of the year passes BYYEARDAY (counted from either end of their year). */
function yearDaysPassing(recurrence: Recurrence, days: number[]): number[] {
  const { byYearDay } = recurrence;
  if (!byYearDay) return days;
  return days.filter((day) => {
    const { ordinal, daysInYear } = dayOfYear(day);
    return byYearDay.includes(ordinal) || byYearDay.includes(ordinal - daysInYear - 1);
  });
}

/**
 * The days (sorted starts) that pass the day parts of a weekly, daily or shorter rule, where each is a
 * plain filter (rrule ignores nth weekdays there). BYMONTH, BYMONTHDAY and BYDAY alone are read
 * directly; with BYWEEKNO or BYYEARDAY, one single-period monthly rrule per month touched is asked about
 * exactly those days.
 */
function passingDays(recurrence: Recurrence, days: number[]): number[] {
  const { byMonth, byWeekNo, byYearDay, byMonthDay, byDay } = recurrence;
  if (!byWeekNo && !byYearDay) {
    return days.filter((day) => {
      const date = new Date(day);
      const daysInMonth = new Date(
        floatingDateTime(date.getUTCFullYear(), date.getUTCMonth() + 2, 0),
      ).getUTCDate();
      return (
        (!byMonth || byMonth.includes(date.getUTCMonth() + 1)) &&
        (!byMonthDay ||
          byMonthDay.includes(date.getUTCDate()) ||
          byMonthDay.includes(date.getUTCDate() - daysInMonth - 1)) &&
        (!byDay || byDay.some(({ weekday }) => weekday === weekdayOf(day)))
      );
    });
  }
  const candidates = yearDaysPassing(recurrence, days);
  const months = periodsOf(Frequency.MONTHLY);
  const passing: number[] = [];
  for (const month of new Set(candidates.map((day) => months.numberOf(day)))) {
    const inMonth = candidates.filter((day) => months.numberOf(day) === month);
    const probe = new RRule(
      {
        ...rruleOptions(recurrence),
        freq: Frequency.MONTHLY,
        interval: SINGLE_PERIOD_INTERVAL[Frequency.MONTHLY],
        dtstart: new Date(months.startOf(month)),
        byyearday: inMonth.map((day) => dayOfYear(day).ordinal),
        byhour: [0],
        byminute: [0],
        bysecond: [0],
        bysetpos: undefined,
      },
      true,
    );
    passing.push(...probe.all().map((date) => date.getTime()));
  }
  return passing;
}

function firstWithin(starts: number[], from: number, to: number): number | null {
  return starts.find((start) => start >= from && start <= to) ?? null;
}
