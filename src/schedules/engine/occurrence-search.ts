import { Frequency, RRule } from 'rrule';
import type { DateTime } from 'luxon';
import { floating, MS_PER_DAY, MS_PER_MINUTE, startOfDay } from './floating-time';
import { rruleOptions, type Recurrence } from './recurrence';

/**
 * Where a recurrence has an occurrence starting in a window of at most two days.
 *
 * rrule walks a series from DTSTART, period after period, and stops only at an occurrence past what it
 * was asked or at the year 9999: asked plainly, a daily rule from 1970 costs every day since 1970, and a
 * rule whose BY* parts never or rarely meet (February 30th, a 5th Friday in a short month, a weekly rule
 * in a month it skips) walks to the year 9999. So it is only ever asked about ONE period at a time:
 * - the periods that can hold an occurrence in the window are those overlapping it (at most three), and
 *   the ones that count are whole multiples of INTERVAL after DTSTART's period (luxon's calendar
 *   arithmetic finds them); later DTSTARTs are legitimate because recurrence.ts spells out every part
 *   rrule would have derived from the real DTSTART;
 * - a yearly or monthly period is asked to rrule with an INTERVAL that puts the next period past 9999,
 *   so it stops after that one period (its BY* expansion, nth weekdays and BYSETPOS are rrule's);
 * - weekly, daily and shorter periods cannot be made to stop that way (their step to the year 9999
 *   is itself slow), so rrule is asked which days of the period pass the BY* day parts (a one-month
 *   probe, below), and the times of day, the INTERVAL steps of hours, minutes and seconds and BYSETPOS
 *   within the period are laid over those days here. Only BYMINUTE expands an hourly period and nothing
 *   expands a minutely or secondly one, so BYSETPOS keeps such a period's single start or drops it.
 * The cost is thus a handful of one-period rrule calls, and at most one step per minute of the window
 * for minutely and secondly rules.
 */

const SINGLE_PERIOD_INTERVAL: Partial<Record<Frequency, number>> = {
  [Frequency.YEARLY]: 10_000,
  [Frequency.MONTHLY]: 120_000,
};

const CALENDAR_UNITS: Partial<Record<Frequency, 'year' | 'month' | 'week' | 'day'>> = {
  [Frequency.YEARLY]: 'year',
  [Frequency.MONTHLY]: 'month',
  [Frequency.WEEKLY]: 'week',
  [Frequency.DAILY]: 'day',
};

export const CLOCK_PERIOD_MS: Partial<Record<Frequency, number>> = {
  [Frequency.HOURLY]: 3_600_000,
  [Frequency.MINUTELY]: MS_PER_MINUTE,
  [Frequency.SECONDLY]: 1_000,
};

/** The earliest occurrence start in [lo, hi] (floating), or null. */
export function firstOccurrenceIn(recurrence: Recurrence, lo: number, hi: number): number | null {
  const from = Math.max(lo, recurrence.dtstart);
  const to = recurrence.until === null ? hi : Math.min(hi, recurrence.until);
  if (from > to) return null;
  return recurrence.freq >= Frequency.HOURLY
    ? firstClockOccurrence(recurrence, from, to)
    : firstCalendarOccurrence(recurrence, from, to);
}

/** The number of whole INTERVAL steps of the recurrence's periods from DTSTART's period to the one holding `at`. */
export function periodSteps(recurrence: Recurrence, at: number): number {
  const unit = CALENDAR_UNITS[recurrence.freq];
  if (!unit) {
    const period = CLOCK_PERIOD_MS[recurrence.freq]!;
    return Math.floor(
      (Math.floor(at / period) - Math.floor(recurrence.dtstart / period)) / recurrence.interval,
    );
  }
  const origin = floating(recurrence.dtstart).startOf(unit);
  return Math.floor(periodsBetween(origin, floating(at).startOf(unit), unit) / recurrence.interval);
}

function periodsBetween(from: DateTime, to: DateTime, unit: 'year' | 'month' | 'week' | 'day'): number {
  return Math.round(to.diff(from, unit).get(unit));
}

function firstCalendarOccurrence(recurrence: Recurrence, from: number, to: number): number | null {
  const unit = CALENDAR_UNITS[recurrence.freq]!;
  const origin = floating(recurrence.dtstart).startOf(unit);
  const first = periodsBetween(origin, floating(from).startOf(unit), unit);
  const last = periodsBetween(origin, floating(to).startOf(unit), unit);
  const { interval } = recurrence;
  for (let step = Math.ceil(first / interval) * interval; step <= last; step += interval) {
    const period = origin.plus({ [unit]: step });
    const found =
      recurrence.freq <= Frequency.MONTHLY
        ? firstInRrulePeriod(recurrence, period, from, to)
        : firstInDayPeriod(recurrence, period, unit as 'week' | 'day', from, to);
    if (found !== null) return found;
  }
  return null;
}

/** A yearly or monthly period, expanded by rrule alone. */
function firstInRrulePeriod(
  recurrence: Recurrence,
  period: DateTime,
  from: number,
  to: number,
): number | null {
  const options = rruleOptions(recurrence);
  options.dtstart = new Date(Math.max(period.toMillis(), recurrence.dtstart));
  options.interval = SINGLE_PERIOD_INTERVAL[recurrence.freq];
  if (recurrence.bySetPos) {
    options.bysetpos = setPositionsWithin(recurrence, period);
    if (!options.bysetpos.length) return null;
  } else {
    // Without BYSETPOS each day stands alone, so rrule need not lay out the days outside the window.
    const yearDays = yearDaysPassing(recurrence, daysIn(from, to)).filter((day) => day.year === period.year);
    if (!yearDays.length) return null;
    options.byyearday = yearDays.map((day) => day.ordinal);
  }
  return firstWithin(
    new RRule(options, true).all().map((date) => date.getTime()),
    from,
    to,
  );
}

/**
 * The BYSETPOS entries that name an element of a yearly or monthly period's set. rrule reads a negative
 * position beyond the set's size as its first element (it slices from the end); RFC 5545, and this
 * engine, read it as nothing. So a negative one is kept only when the set is that large: rrule counts
 * the period's days (one time each, from the period's start, as BYSETPOS counts them all).
 */
function setPositionsWithin(recurrence: Recurrence, period: DateTime): number[] {
  const positions = recurrence.bySetPos!;
  if (positions.every((position) => position > 0)) return positions;
  const days = new RRule(
    {
      ...rruleOptions(recurrence),
      dtstart: period.toJSDate(),
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
  period: DateTime,
  unit: 'week' | 'day',
  from: number,
  to: number,
): number | null {
  const start = period.toMillis();
  const end = period.plus({ [unit]: 1 }).toMillis() - 1;
  const days = recurrence.bySetPos ? daysIn(start, end) : daysIn(Math.max(from, start), Math.min(to, end));
  const times = timesOfDay(recurrence);
  const passing = passingDays(recurrence, days);
  const starts = recurrence.bySetPos
    ? positions(passing, times, recurrence.bySetPos)
    : passing.flatMap((day) => times.map((time) => day + time));
  return firstWithin(starts, from, to);
}

function firstClockOccurrence(recurrence: Recurrence, from: number, to: number): number | null {
  const period = CLOCK_PERIOD_MS[recurrence.freq]!;
  const origin = Math.floor(recurrence.dtstart / period);
  const { interval, byHour, byMinute, bySetPos } = recurrence;
  const aligned = (atLeast: number) => origin + Math.ceil((atLeast - origin) / interval) * interval;
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
    for (let step = aligned(Math.floor(from / period)); step * period <= to; step += interval) {
      const hour = step * period;
      if (!allowed(hour, false)) continue;
      const found = firstWithin(
        bySetPos ? positions([hour], minutes, bySetPos) : minutes.map((m) => hour + m),
        from,
        to,
      );
      if (found !== null) return found;
    }
    return null;
  }
  if (bySetPos && !bySetPos.includes(1) && !bySetPos.includes(-1)) return null;
  if (recurrence.freq === Frequency.MINUTELY) {
    for (let step = aligned(Math.ceil(from / period)); step * period <= to; step += interval) {
      if (allowed(step * period, true)) return step * period;
    }
    return null;
  }
  for (let minute = Math.floor(from / MS_PER_MINUTE) * MS_PER_MINUTE; minute <= to; minute += MS_PER_MINUTE) {
    if (!allowed(minute, true)) continue;
    const second = aligned(Math.ceil(Math.max(from, minute) / period)) * period;
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
function yearDaysPassing(recurrence: Recurrence, days: number[]): DateTime[] {
  return days
    .map(floating)
    .filter(
      (day) =>
        !recurrence.byYearDay ||
        recurrence.byYearDay.includes(day.ordinal) ||
        recurrence.byYearDay.includes(day.ordinal - day.daysInYear - 1),
    );
}

/**
 * The days (sorted starts) that pass the day parts of a weekly, daily or shorter rule, where each is a
 * plain filter (rrule ignores nth weekdays there): one single-period monthly rrule per month touched,
 * asked about exactly those days.
 */
function passingDays(recurrence: Recurrence, days: number[]): number[] {
  const { byMonth, byWeekNo, byYearDay, byMonthDay, byDay } = recurrence;
  if (!byMonth && !byWeekNo && !byYearDay && !byMonthDay && !byDay) return days;
  const candidates = yearDaysPassing(recurrence, days);
  const passing: number[] = [];
  for (const month of new Set(candidates.map((day) => day.startOf('month').toMillis()))) {
    const inMonth = candidates.filter((day) => day.startOf('month').toMillis() === month);
    const probe = new RRule(
      {
        ...rruleOptions(recurrence),
        freq: Frequency.MONTHLY,
        interval: SINGLE_PERIOD_INTERVAL[Frequency.MONTHLY],
        dtstart: new Date(month),
        byyearday: inMonth.map((day) => day.ordinal),
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

/** The times of day (milliseconds after midnight, sorted) of a daily or longer rule. */
function timesOfDay(recurrence: Recurrence): number[] {
  return recurrence.byHour!.flatMap((hour) =>
    recurrence.byMinute!.map((minute) => (hour * 60 + minute) * MS_PER_MINUTE),
  );
}

/** BYSETPOS over a period's set: every time of every day, in order (1 = first, -1 = last). */
function positions(days: number[], times: number[], setPositions: number[]): number[] {
  const size = days.length * times.length;
  const picked = new Set<number>();
  for (const position of setPositions) {
    const index = position > 0 ? position - 1 : size + position;
    if (index >= 0 && index < size) {
      picked.add(days[Math.floor(index / times.length)] + times[index % times.length]);
    }
  }
  return [...picked].sort((a, b) => a - b);
}

function firstWithin(starts: number[], from: number, to: number): number | null {
  return starts.find((start) => start >= from && start <= to) ?? null;
}
