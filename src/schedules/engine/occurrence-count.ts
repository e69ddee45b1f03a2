import { Frequency, RRule } from 'rrule';
import { periodsOf } from './calendar-periods';
import { MS_PER_DAY, MS_PER_MINUTE } from './floating-time';
import { periodSteps } from './occurrence-search';
import { positions, timesOfDay } from './period-sets';
import { rruleOptions, type Recurrence } from './recurrence';

/**
 * Whether an occurrence of a recurrence is among its first COUNT.
 *
 * Counting means walking the series from DTSTART, which rrule does one occurrence at a time (some
 * microseconds each): a secondly rule with COUNT=1000000 would be seconds of work. So the walk is the
 * last resort:
 * - when every period holds the same occurrences (weekly with plain BYDAY, daily, hourly and shorter
 *   without day parts or hour/minute filters), the occurrences before it are counted by arithmetic:
 *   whole periods times their size, less those of DTSTART's period before DTSTART, plus those of its
 *   own period before it;
 * - otherwise an upper bound often settles it: the occurrences up to it number at most (INTERVAL steps
 *   from DTSTART's period to its period, plus one) times the most one period can hold (the days the BY*
 *   day parts can select, times the times of day, at most the number of BYSETPOS);
 * - otherwise rrule counts from DTSTART and stops at the occurrence or at COUNT, whichever comes first:
 *   at most COUNT occurrences plus the periods without any. That last case needs a rule whose periods
 *   vary (BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, nth weekdays, monthly or yearly) and that has had
 *   more periods times their largest size than COUNT since DTSTART.
 */
export function withinCount(recurrence: Recurrence, occurrence: number): boolean {
  const { count } = recurrence;
  if (count === null) return true;
  const pattern = uniformPattern(recurrence);
  if (pattern) return occurrencesBefore(recurrence, pattern, occurrence) < count;
  if ((periodSteps(recurrence, occurrence) + 1) * mostPerPeriod(recurrence) <= count) return true;
  let earlier = 0;
  new RRule({ ...rruleOptions(recurrence), count }, true).all((date) => {
    if (date.getTime() >= occurrence) return false;
    earlier += 1;
    return true;
  });
  return earlier < count;
}

/** Occurrences that repeat alike every `interval` periods of `freq`, at these offsets from the period's start. */
interface Pattern {
  freq: Frequency;
  interval: number;
  offsets: number[];
}

/** The pattern of a recurrence whose periods all hold the same occurrences (or whose days all do); else null. */
function uniformPattern(recurrence: Recurrence): Pattern | null {
  const offsets = periodPattern(recurrence);
  if (offsets) return { freq: recurrence.freq, interval: recurrence.interval, offsets };
  const daily = dailyClockPattern(recurrence);
  return daily && { freq: Frequency.DAILY, interval: 1, offsets: daily };
}

function periodPattern(recurrence: Recurrence): number[] | null {
  const { freq, byMonth, byWeekNo, byYearDay, byMonthDay, byDay, byHour, byMinute, bySetPos } = recurrence;
  if (byMonth || byWeekNo || byYearDay || byMonthDay) return null;
  let days = [0];
  let times = [0];
  if (freq === Frequency.WEEKLY) {
    days = [...new Set(byDay!.map(({ weekday }) => weekday * MS_PER_DAY))].sort((a, b) => a - b);
    times = timesOfDay(recurrence);
  } else if (byDay) {
    return null;
  } else if (freq === Frequency.DAILY) {
    times = timesOfDay(recurrence);
  } else if (freq === Frequency.HOURLY && !byHour) {
    times = byMinute!.map((minute) => minute * MS_PER_MINUTE);
  } else if (freq < Frequency.HOURLY || byHour || byMinute) {
    return null;
  }
  return bySetPos ? positions(days, times, bySetPos) : days.flatMap((day) => times.map((time) => day + time));
}

/**
 * An hourly, minutely or secondly rule filtered by BYHOUR or BYMINUTE has the same occurrences every day
 * when its INTERVAL steps divide a day: its pattern is then a day's (and it is counted in days).
 */
function dailyClockPattern(recurrence: Recurrence): number[] | null {
  const { freq, interval, byMonth, byWeekNo, byYearDay, byMonthDay, byDay, byHour, byMinute, bySetPos } =
    recurrence;
  if (freq < Frequency.HOURLY || byMonth || byWeekNo || byYearDay || byMonthDay || byDay) return null;
  const period = periodsOf(freq).startOf(1);
  const step = interval * period;
  if (MS_PER_DAY % step !== 0) return null;
  if (freq !== Frequency.HOURLY && bySetPos && !bySetPos.includes(1) && !bySetPos.includes(-1)) return [];
  const minutes = freq === Frequency.HOURLY ? byMinute!.map((minute) => minute * MS_PER_MINUTE) : [0];
  const pattern: number[] = [];
  const phase = (((Math.floor(recurrence.dtstart / period) * period) % step) + step) % step;
  for (let periodStart = phase; periodStart < MS_PER_DAY; periodStart += step) {
    const hour = Math.floor(periodStart / 3_600_000);
    const minute = Math.floor(periodStart / MS_PER_MINUTE) % 60;
    if (byHour && !byHour.includes(hour)) continue;
    if (freq !== Frequency.HOURLY && byMinute && !byMinute.includes(minute)) continue;
    const inPeriod =
      freq === Frequency.HOURLY && bySetPos
        ? positions([periodStart], minutes, bySetPos)
        : minutes.map((m) => periodStart + m);
    pattern.push(...inPeriod);
  }
  return pattern;
}

function occurrencesBefore(
  recurrence: Recurrence,
  { freq, interval, offsets }: Pattern,
  occurrence: number,
): number {
  const periods = periodsOf(freq);
  const origin = periods.numberOf(recurrence.dtstart);
  const before = (period: number, limit: number) =>
    offsets.filter((offset) => periods.startOf(period) + offset < limit).length;
  const steps = Math.floor((periods.numberOf(occurrence) - origin) / interval);
  return (
    steps * offsets.length -
    before(origin, recurrence.dtstart) +
    before(periods.numberOf(occurrence), occurrence)
  );
}

const DAYS_PER_PERIOD: Partial<Record<Frequency, number>> = {
  [Frequency.YEARLY]: 366,
  [Frequency.MONTHLY]: 31,
  [Frequency.WEEKLY]: 7,
};

/** The most occurrences one period of the recurrence can hold. */
function mostPerPeriod(recurrence: Recurrence): number {
  const { freq, byMonth, byWeekNo, byYearDay, byMonthDay, byDay, byHour, byMinute, bySetPos } = recurrence;
  const yearly = freq === Frequency.YEARLY;
  const months = yearly ? (byMonth?.length ?? 12) : 1;
  const bounds = [DAYS_PER_PERIOD[freq] ?? 1];
  if (yearly && byMonth) bounds.push(byMonth.length * 31);
  if (yearly && byWeekNo) bounds.push(byWeekNo.length * 7);
  if (byYearDay) bounds.push(byYearDay.length);
  if (byMonthDay) bounds.push(byMonthDay.length * months);
  if (byDay) {
    const everyWeekday = yearly ? 53 : freq === Frequency.MONTHLY ? 5 : 1;
    const nthWeekday = yearly && byMonth ? byMonth.length : 1;
    bounds.push(byDay.reduce((sum, { nth }) => sum + (nth ? nthWeekday : everyWeekday), 0));
  }
  const times =
    freq <= Frequency.DAILY
      ? byHour!.length * byMinute!.length
      : freq === Frequency.HOURLY
        ? byMinute!.length
        : 1;
  const most = Math.min(...bounds) * times;
  return bySetPos ? Math.min(most, bySetPos.length) : most;
}
