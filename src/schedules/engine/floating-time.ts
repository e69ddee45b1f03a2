import { DateTime } from 'luxon';

/**
 * Wall-clock times are handled as "floating" milliseconds: a number whose UTC fields are the wall-clock
 * fields (2026-12-07 09:30 local is Date.UTC(2026, 11, 7, 9, 30)). The floating timeline has no DST, so
 * recurrences are laid on it exactly as a wall clock reads; that is also how `rrule` treats dates without
 * a tzid. Only `zonedDateTime` and `floatingMs` cross between an instant and its wall clock, and they do
 * it with luxon and the IANA database. On the floating timeline itself every day lasts 24 hours, and the
 * calendar is read with Date's UTC fields: exact there, and a hundred times cheaper than luxon's
 * calendar arithmetic, which matters on a path run for every call.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** The instant `at` in an IANA zone; throws when luxon does not know the zone. */
export function zonedDateTime(at: Date, timeZoneId: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone: timeZoneId });
  if (!local.isValid) throw new Error(`Unknown time zone: ${timeZoneId}`);
  return local;
}

/** The wall clock of a zoned date-time, as floating milliseconds. */
export function floatingMs(local: DateTime): number {
  return floatingDateTime(local.year, local.month, local.day, local.hour, local.minute, local.second);
}

/** A floating date-time from its fields (month 1-12); years below 100 are years, not 19xx. */
export function floatingDateTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** A `yyyy-MM-dd` date at midnight, floating. */
export function floatingDate(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return floatingDateTime(year, month, day);
}

/** Minutes since midnight of an `HH:mm` time. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The number of the floating day holding `ms` (day 0 is 1970-01-01, a Thursday). */
export function dayNumber(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Midnight of the floating day holding `ms`. */
export function startOfDay(ms: number): number {
  return dayNumber(ms) * MS_PER_DAY;
}

/** Monday = 0 ... Sunday = 6, as rrule numbers weekdays. */
export function weekdayOf(ms: number): number {
  return (new Date(ms).getUTCDay() + 6) % 7;
}

/** The day of its year (1-366) of a floating day, and the length of that year. */
export function dayOfYear(ms: number): { ordinal: number; daysInYear: number } {
  const year = new Date(ms).getUTCFullYear();
  const january1 = dayNumber(floatingDateTime(year, 1, 1));
  return {
    ordinal: dayNumber(ms) - january1 + 1,
    daysInYear: dayNumber(floatingDateTime(year + 1, 1, 1)) - january1,
  };
}
