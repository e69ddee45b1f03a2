import { DateTime } from 'luxon';

/** An account's test clock, from its system settings. */
export interface TestClock {
  overrideSystemTime?: boolean | null;
  overrideSystemTimeZoneId?: string | null;
  overrideSystemDateTime?: string | null;
}

/**
 * "Now" for an account: `now`, unless overrideSystemTime is true and overrideSystemDateTime is set: then
 * that date-time, read in overrideSystemTimeZoneId (UTC when unset) when it carries no offset/Z, or as
 * the instant it names when it does. Throws on a date-time or zone luxon cannot read (the settings'
 * validator refuses them).
 */
export function clockInstant(clock: TestClock | null | undefined, now: Date): Date {
  if (!clock?.overrideSystemTime || !clock.overrideSystemDateTime) return now;
  const zone = clock.overrideSystemTimeZoneId || 'UTC';
  const instant = DateTime.fromISO(clock.overrideSystemDateTime, { zone, setZone: true });
  if (!instant.isValid) {
    throw new Error(
      `Invalid test clock: ${clock.overrideSystemDateTime} in ${zone} (${instant.invalidExplanation})`,
    );
  }
  return instant.toJSDate();
}
