import { Frequency } from 'rrule';
import { dayNumber, floatingDateTime, MS_PER_DAY } from './floating-time';

/**
 * The periods of a recurrence on the floating timeline, numbered: years, months (year * 12 + month),
 * weeks from Monday (the default WKST), days, hours, minutes and seconds. A period's number minus
 * DTSTART's period number, divided by INTERVAL, says which INTERVAL step it is (and whether it is one).
 */
export interface Periods {
  numberOf(ms: number): number;
  startOf(period: number): number;
}

/** 1970-01-01, day 0, is a Thursday: day 3 of a week from Monday. */
const THURSDAY = 3;

const fixedLength = (length: number): Periods => ({
  numberOf: (ms) => Math.floor(ms / length),
  startOf: (period) => period * length,
});

const PERIODS: Record<Frequency, Periods> = {
  [Frequency.YEARLY]: {
    numberOf: (ms) => new Date(ms).getUTCFullYear(),
    startOf: (year) => floatingDateTime(year, 1, 1),
  },
  [Frequency.MONTHLY]: {
    numberOf: (ms) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth(),
    startOf: (month) => floatingDateTime(Math.floor(month / 12), (month % 12) + 1, 1),
  },
  [Frequency.WEEKLY]: {
    numberOf: (ms) => Math.floor((dayNumber(ms) + THURSDAY) / 7),
    startOf: (week) => (week * 7 - THURSDAY) * MS_PER_DAY,
  },
  [Frequency.DAILY]: fixedLength(MS_PER_DAY),
  [Frequency.HOURLY]: fixedLength(3_600_000),
  [Frequency.MINUTELY]: fixedLength(60_000),
  [Frequency.SECONDLY]: fixedLength(1_000),
};

export function periodsOf(freq: Frequency): Periods {
  return PERIODS[freq];
}
