import { Frequency, RRule } from 'rrule';
import { periodSteps } from './occurrence-search';
import { rruleOptions, type Recurrence } from './recurrence';

/**
 * Whether an occurrence of a recurrence is among its first COUNT.
 *
 * Counting means walking the series from DTSTART, which rrule does one occurrence at a time: a secondly
 * rule with COUNT=1000000 that ran out long ago would be a million steps. So the walk is avoided whenever
 * an upper bound settles it: the occurrences up to the one asked about number at most (INTERVAL steps
 * from DTSTART's period to its period, plus one) times (the most one period can hold: its days that the
 * BY* day parts can select, times its times of day, at most the number of BYSETPOS). When that bound does
 * not exceed COUNT, the occurrence is within it. Otherwise rrule counts from DTSTART and stops at the
 * occurrence or at COUNT, whichever comes first: the walk is then at most COUNT occurrences, plus the
 * periods without any; and as the bound exceeded COUNT, either the periods are few or they hold many
 * occurrences each (so COUNT is reached after few of them).
 */
export function withinCount(recurrence: Recurrence, occurrence: number): boolean {
  const { count } = recurrence;
  if (count === null) return true;
  if ((periodSteps(recurrence, occurrence) + 1) * mostPerPeriod(recurrence) <= count) return true;
  let earlier = 0;
  new RRule({ ...rruleOptions(recurrence), count }, true).all((date) => {
    if (date.getTime() >= occurrence) return false;
    earlier += 1;
    return true;
  });
  return earlier < count;
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
