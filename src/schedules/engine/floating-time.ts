import { DateTime } from 'luxon';

/**
 * Wall-clock times are handled as "floating" milliseconds: a number whose UTC fields are the wall-clock
 * fields (2026-12-07 09:30 local is Date.UTC(2026, 11, 7, 9, 30)). The floating timeline has no DST, so
 * recurrences are laid on it exactly as a wall clock reads; that is also how `rrule` treats dates without
 * a tzid. Only `zonedDateTime` and `floatingMs` cross between an instant and its wall clock, through luxon.
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
  return local.setZone('utc', { keepLocalTime: true }).toMillis();
}

/** A floating time as a luxon date-time (in UTC, whose fields are the wall-clock fields). */
export function floating(ms: number): DateTime {
  return DateTime.fromMillis(ms, { zone: 'utc' });
}

/** A `yyyy-MM-dd` date at midnight, floating. */
export function floatingDate(isoDate: string): number {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).toMillis();
}

/** Minutes since midnight of an `HH:mm` time. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Midnight of the floating day holding `ms` (floating days all last 24 hours: there is no DST). */
export function startOfDay(ms: number): number {
  return Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
}
