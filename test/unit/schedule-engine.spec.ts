import type { Schedule, SchedulingRule } from '../../src/contract/schedule.dto';
import type { EndpointFlowSchedules } from '../../src/contract/endpoint.enums';
import {
  ACCOUNT_DEFAULT_SCHEDULE,
  clockInstant,
  effectiveSchedule,
  evaluateSchedule,
  resolveEndpointFlow,
  type ScheduleEvaluation,
} from '../../src/schedules/engine';

/** A rule as the API receives it (enum members written as their wire names). */
type RuleFields = Omit<SchedulingRule, 'frequency' | 'simpleRuleType' | 'byDay'> & {
  frequency?: 'None' | 'Secondly' | 'Minutely' | 'Hourly' | 'Daily' | 'Weekly' | 'Monthly' | 'Yearly';
  simpleRuleType?: 'Always' | 'CustomerState' | 'Time';
  byDay?: { dayOfWeek: string; offset?: number }[];
};
const rule = (fields: RuleFields): SchedulingRule => fields as SchedulingRule;
const days = (...names: string[]) => names.map((dayOfWeek) => ({ dayOfWeek }));
const nth = (dayOfWeek: string, offset: number) => [{ dayOfWeek, offset }];
const WEEKDAYS = days('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday');

const NY = 'America/New_York';
const LONDON = 'Europe/London';

/** The worked example: closed on a holiday, open Monday to Friday 09:00-17:00 in New York, closed otherwise. */
const BUSINESS_HOURS = rule({
  id: 'r-open',
  name: 'Business hours',
  priority: 1,
  state: 'Open',
  frequency: 'Weekly',
  byDay: WEEKDAYS,
  startTime: '09:00',
  endTime: '17:00',
});
const CHRISTMAS = rule({
  id: 'r-holiday',
  name: 'Christmas',
  priority: 0,
  state: 'Holiday',
  frequency: 'None',
  startDate: '2026-12-25',
  isAllDay: true,
});
const worked = (timeZoneId = NY): Schedule => ({
  timeZoneId,
  defaultState: 'Closed',
  rules: [BUSINESS_HOURS, CHRISTMAS],
});

describe('schedule engine: Time rules', () => {
  // Each case: one rule named 'On' in a schedule whose default is 'Off', evaluated at an instant in a zone.
  it.each<[string, string, string, RuleFields, 'On' | 'Off']>([
    // Frequency None: a single occurrence on startDate
    [
      'None, on its date',
      '2026-12-07T10:00:00-05:00',
      NY,
      { frequency: 'None', startDate: '2026-12-07', startTime: '09:00', endTime: '17:00' },
      'On',
    ],
    [
      'None, the next day',
      '2026-12-08T10:00:00-05:00',
      NY,
      { frequency: 'None', startDate: '2026-12-07', startTime: '09:00', endTime: '17:00' },
      'Off',
    ],
    [
      'None without a startDate never matches',
      '2026-12-07T10:00:00-05:00',
      NY,
      { frequency: 'None', startTime: '09:00', endTime: '17:00' },
      'Off',
    ],
    [
      'missing frequency is None',
      '2026-12-07T10:00:00-05:00',
      NY,
      { startDate: '2026-12-07', isAllDay: true },
      'On',
    ],
    // Secondly: every 90 s from 09:00:00, each lasting one minute
    [
      'Secondly, inside an occurrence',
      '2026-12-07T09:01:30-05:00',
      NY,
      { frequency: 'Secondly', interval: 90, startDate: '2026-12-07', startTime: '09:00', endTime: '09:01' },
      'On',
    ],
    [
      'Secondly, an occurrence ends at its end',
      '2026-12-07T09:01:00-05:00',
      NY,
      { frequency: 'Secondly', interval: 90, startDate: '2026-12-07', startTime: '09:00', endTime: '09:01' },
      'Off',
    ],
    [
      'Secondly, between occurrences',
      '2026-12-07T09:02:45-05:00',
      NY,
      { frequency: 'Secondly', interval: 90, startDate: '2026-12-07', startTime: '09:00', endTime: '09:01' },
      'Off',
    ],
    [
      'Secondly from 1970 with byHour/byMinute',
      '2026-12-07T12:01:30-05:00',
      NY,
      { frequency: 'Secondly', byHour: [12], byMinute: [0], startTime: '00:00', endTime: '00:01' },
      'On',
    ],
    [
      'Secondly from 1970 with byHour/byMinute, after',
      '2026-12-07T12:02:00-05:00',
      NY,
      { frequency: 'Secondly', byHour: [12], byMinute: [0], startTime: '00:00', endTime: '00:01' },
      'Off',
    ],
    // Minutely
    [
      'Minutely every 15 min for 5 min',
      '2026-12-07T10:32:00-05:00',
      NY,
      { frequency: 'Minutely', interval: 15, startDate: '2026-12-01', startTime: '08:00', endTime: '08:05' },
      'On',
    ],
    [
      'Minutely every 15 min, in a gap',
      '2026-12-07T10:36:00-05:00',
      NY,
      { frequency: 'Minutely', interval: 15, startDate: '2026-12-01', startTime: '08:00', endTime: '08:05' },
      'Off',
    ],
    [
      'Minutely byHour 9 byMinute 0,30',
      '2026-12-07T09:30:30-05:00',
      NY,
      { frequency: 'Minutely', byHour: [9], byMinute: [0, 30], startTime: '00:00', endTime: '00:01' },
      'On',
    ],
    [
      'Minutely byHour 9 byMinute 0,30, a minute later',
      '2026-12-07T09:31:00-05:00',
      NY,
      { frequency: 'Minutely', byHour: [9], byMinute: [0, 30], startTime: '00:00', endTime: '00:01' },
      'Off',
    ],
    // Hourly
    [
      'Hourly every 2 h for 30 min',
      '2026-12-07T12:15:00-05:00',
      NY,
      { frequency: 'Hourly', interval: 2, startDate: '2026-12-07', startTime: '08:00', endTime: '08:30' },
      'On',
    ],
    [
      'Hourly every 2 h, the odd hour',
      '2026-12-07T13:15:00-05:00',
      NY,
      { frequency: 'Hourly', interval: 2, startDate: '2026-12-07', startTime: '08:00', endTime: '08:30' },
      'Off',
    ],
    [
      'Hourly every 2 h, after the 30 min',
      '2026-12-07T12:45:00-05:00',
      NY,
      { frequency: 'Hourly', interval: 2, startDate: '2026-12-07', startTime: '08:00', endTime: '08:30' },
      'Off',
    ],
    [
      'Hourly byMinute 15,45 for 5 min',
      '2026-12-07T10:47:00-05:00',
      NY,
      { frequency: 'Hourly', byMinute: [15, 45], startTime: '00:00', endTime: '00:05' },
      'On',
    ],
    [
      'Hourly byMinute 15,45, outside',
      '2026-12-07T10:50:00-05:00',
      NY,
      { frequency: 'Hourly', byMinute: [15, 45], startTime: '00:00', endTime: '00:05' },
      'Off',
    ],
    // Daily, and spans over midnight
    [
      'Daily 22:00-06:00, after midnight',
      '2026-12-08T02:00:00-05:00',
      NY,
      { frequency: 'Daily', startTime: '22:00', endTime: '06:00' },
      'On',
    ],
    [
      'Daily 22:00-06:00, before it starts',
      '2026-12-07T21:59:59-05:00',
      NY,
      { frequency: 'Daily', startTime: '22:00', endTime: '06:00' },
      'Off',
    ],
    [
      'Daily 22:00-06:00, at its end',
      '2026-12-08T06:00:00-05:00',
      NY,
      { frequency: 'Daily', startTime: '22:00', endTime: '06:00' },
      'Off',
    ],
    [
      'Daily over midnight: the night before startDate does not count',
      '2026-12-01T02:00:00-05:00',
      NY,
      { frequency: 'Daily', startDate: '2026-12-01', startTime: '22:00', endTime: '06:00' },
      'Off',
    ],
    [
      'Daily equal start and end: 24 hours',
      '2026-12-08T07:59:00-05:00',
      NY,
      { frequency: 'Daily', startDate: '2026-12-07', startTime: '08:00', endTime: '08:00' },
      'On',
    ],
    [
      'Daily every 3 days, on a step',
      '2026-12-07T10:00:00-05:00',
      NY,
      { frequency: 'Daily', interval: 3, startDate: '2026-12-01', startTime: '09:00', endTime: '17:00' },
      'On',
    ],
    [
      'Daily every 3 days, between steps',
      '2026-12-08T10:00:00-05:00',
      NY,
      { frequency: 'Daily', interval: 3, startDate: '2026-12-01', startTime: '09:00', endTime: '17:00' },
      'Off',
    ],
    [
      'Daily byHour 9,13 for an hour',
      '2026-12-07T13:30:00-05:00',
      NY,
      { frequency: 'Daily', byHour: [9, 13], byMinute: [0], startTime: '09:00', endTime: '10:00' },
      'On',
    ],
    [
      'Daily byHour 9,13, in between',
      '2026-12-07T11:30:00-05:00',
      NY,
      { frequency: 'Daily', byHour: [9, 13], byMinute: [0], startTime: '09:00', endTime: '10:00' },
      'Off',
    ],
    // Weekly
    [
      'Weekly every 2 weeks on Monday, off week',
      '2026-12-07T10:00:00-05:00',
      NY,
      { frequency: 'Weekly', interval: 2, startDate: '2026-11-30', byDay: days('Monday'), isAllDay: true },
      'Off',
    ],
    [
      'Weekly every 2 weeks on Monday, on week',
      '2026-12-14T10:00:00-05:00',
      NY,
      { frequency: 'Weekly', interval: 2, startDate: '2026-11-30', byDay: days('Monday'), isAllDay: true },
      'On',
    ],
    [
      'Weekly without byDay: startDate’s weekday',
      '2026-12-09T10:00:00-05:00',
      NY,
      { frequency: 'Weekly', startDate: '2026-11-04', isAllDay: true },
      'On',
    ],
    [
      'Weekly bySetPosition 1: first weekday of the week',
      '2026-12-07T10:00:00-05:00',
      NY,
      { frequency: 'Weekly', byDay: WEEKDAYS, bySetPosition: [1], isAllDay: true },
      'On',
    ],
    [
      'Weekly bySetPosition 1, the Tuesday',
      '2026-12-08T10:00:00-05:00',
      NY,
      { frequency: 'Weekly', byDay: WEEKDAYS, bySetPosition: [1], isAllDay: true },
      'Off',
    ],
    // Monthly, byMonthDay, byDay offsets, bySetPosition
    [
      'Monthly byMonthDay 1,15',
      '2026-12-15T23:00:00-05:00',
      NY,
      { frequency: 'Monthly', byMonthDay: [1, 15], isAllDay: true },
      'On',
    ],
    [
      'Monthly byMonthDay 1,15, the 16th',
      '2026-12-16T00:00:00-05:00',
      NY,
      { frequency: 'Monthly', byMonthDay: [1, 15], isAllDay: true },
      'Off',
    ],
    [
      'Monthly byMonthDay -1: last day of February 2026',
      '2026-02-28T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byMonthDay: [-1], isAllDay: true },
      'On',
    ],
    [
      'Monthly byMonthDay -1: 28 February 2028 is not the last',
      '2028-02-28T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byMonthDay: [-1], isAllDay: true },
      'Off',
    ],
    [
      'Monthly last Friday (byDay offset -1)',
      '2026-12-25T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: nth('Friday', -1), isAllDay: true },
      'On',
    ],
    [
      'Monthly last Friday, a week earlier',
      '2026-12-18T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: nth('Friday', -1), isAllDay: true },
      'Off',
    ],
    [
      'Monthly last Friday of January 2027',
      '2027-01-29T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: nth('Friday', -1), isAllDay: true },
      'On',
    ],
    [
      'Monthly first Monday (offset 1)',
      '2026-12-07T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: nth('Monday', 1), isAllDay: true },
      'On',
    ],
    [
      'Monthly first Monday, the second one',
      '2026-12-14T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: nth('Monday', 1), isAllDay: true },
      'Off',
    ],
    [
      'Monthly last weekday (bySetPosition -1)',
      '2026-12-31T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: WEEKDAYS, bySetPosition: [-1], isAllDay: true },
      'On',
    ],
    [
      'Monthly last weekday, the day before',
      '2026-12-30T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: WEEKDAYS, bySetPosition: [-1], isAllDay: true },
      'Off',
    ],
    [
      'Monthly bySetPosition beyond the set: nothing',
      '2026-12-31T12:00:00-05:00',
      NY,
      { frequency: 'Monthly', byDay: WEEKDAYS, bySetPosition: [-40], isAllDay: true },
      'Off',
    ],
    // Yearly, byMonth, byYearDay, byWeekNo
    [
      'Yearly byMonth 11, 4th Thursday (Thanksgiving)',
      '2026-11-26T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byMonth: [11], byDay: nth('Thursday', 4), isAllDay: true },
      'On',
    ],
    [
      'Yearly Thanksgiving, a week earlier',
      '2026-11-19T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byMonth: [11], byDay: nth('Thursday', 4), isAllDay: true },
      'Off',
    ],
    [
      'Yearly byYearDay 1',
      '2027-01-01T00:00:00-05:00',
      NY,
      { frequency: 'Yearly', byYearDay: [1], isAllDay: true },
      'On',
    ],
    [
      'Yearly byYearDay -1 in a leap year (day 366)',
      '2028-12-31T23:59:59-05:00',
      NY,
      { frequency: 'Yearly', byYearDay: [-1], isAllDay: true },
      'On',
    ],
    [
      'Yearly byYearDay -1, the day before',
      '2028-12-30T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byYearDay: [-1], isAllDay: true },
      'Off',
    ],
    [
      'Yearly byWeekNo 1 on Monday',
      '2027-01-04T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byWeekNo: [1], byDay: days('Monday'), isAllDay: true },
      'On',
    ],
    [
      'Yearly byWeekNo 1 on Monday, week 2',
      '2027-01-11T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byWeekNo: [1], byDay: days('Monday'), isAllDay: true },
      'Off',
    ],
    [
      'Daily byWeekNo 53 (2026 has one)',
      '2026-12-31T12:00:00-05:00',
      NY,
      { frequency: 'Daily', byWeekNo: [53], isAllDay: true },
      'On',
    ],
    [
      'Yearly without by-lists: startDate’s day',
      '2027-07-04T12:00:00-04:00',
      NY,
      { frequency: 'Yearly', startDate: '2020-07-04', isAllDay: true },
      'On',
    ],
    [
      'Yearly every 4 years, an off year',
      '2027-07-04T12:00:00-04:00',
      NY,
      { frequency: 'Yearly', interval: 4, startDate: '2020-07-04', isAllDay: true },
      'Off',
    ],
    [
      'Yearly February 30th never comes',
      '2026-03-02T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byMonth: [2], byMonthDay: [30], isAllDay: true },
      'Off',
    ],
    // Leap day
    [
      'Yearly 29 February, in 2028',
      '2028-02-29T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byMonth: [2], byMonthDay: [29], isAllDay: true },
      'On',
    ],
    [
      'Yearly 29 February, 1 March 2027',
      '2027-03-01T12:00:00-05:00',
      NY,
      { frequency: 'Yearly', byMonth: [2], byMonthDay: [29], isAllDay: true },
      'Off',
    ],
    [
      'None on 2028-02-29',
      '2028-02-29T23:30:00-05:00',
      NY,
      { frequency: 'None', startDate: '2028-02-29', isAllDay: true },
      'On',
    ],
    // count and untilDate
    [
      'Daily count 3: the third',
      '2026-12-03T12:00:00-05:00',
      NY,
      { frequency: 'Daily', count: 3, startDate: '2026-12-01', isAllDay: true },
      'On',
    ],
    [
      'Daily count 3: the fourth',
      '2026-12-04T12:00:00-05:00',
      NY,
      { frequency: 'Daily', count: 3, startDate: '2026-12-01', isAllDay: true },
      'Off',
    ],
    [
      'Weekly count 2 on Mondays: the second',
      '2026-12-07T12:00:00-05:00',
      NY,
      { frequency: 'Weekly', count: 2, startDate: '2026-11-30', byDay: days('Monday'), isAllDay: true },
      'On',
    ],
    [
      'Weekly count 2 on Mondays: the third',
      '2026-12-14T12:00:00-05:00',
      NY,
      { frequency: 'Weekly', count: 2, startDate: '2026-11-30', byDay: days('Monday'), isAllDay: true },
      'Off',
    ],
    [
      'Secondly count 1000000 from 2026-11-30 has ended',
      '2026-12-20T12:00:00-05:00',
      NY,
      {
        frequency: 'Secondly',
        count: 1_000_000,
        startDate: '2026-11-30',
        startTime: '00:00',
        endTime: '00:01',
      },
      'Off',
    ],
    [
      'Secondly count 1000000 from 2026-12-01 still runs',
      '2026-12-07T12:00:00-05:00',
      NY,
      {
        frequency: 'Secondly',
        count: 1_000_000,
        startDate: '2026-12-01',
        startTime: '00:00',
        endTime: '00:01',
      },
      'On',
    ],
    [
      'untilDate is inclusive',
      '2026-12-10T16:00:00-05:00',
      NY,
      { frequency: 'Daily', untilDate: '2026-12-10', startTime: '09:00', endTime: '17:00' },
      'On',
    ],
    [
      'after untilDate',
      '2026-12-11T10:00:00-05:00',
      NY,
      { frequency: 'Daily', untilDate: '2026-12-10', startTime: '09:00', endTime: '17:00' },
      'Off',
    ],
    [
      'before startDate',
      '2026-11-30T10:00:00-05:00',
      NY,
      { frequency: 'Daily', startDate: '2026-12-01', startTime: '09:00', endTime: '17:00' },
      'Off',
    ],
    // isAllDay ignores the times
    [
      'isAllDay ignores startTime/endTime',
      '2026-12-07T23:30:00-05:00',
      NY,
      { frequency: 'Daily', isAllDay: true, startTime: '09:00', endTime: '10:00' },
      'On',
    ],
    // DST, America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST
    [
      'NY spring forward: 09:00-17:00 in wall time',
      '2026-03-08T09:30:00-04:00',
      NY,
      { frequency: 'Daily', startTime: '09:00', endTime: '17:00' },
      'On',
    ],
    [
      'NY spring forward: 02:30-03:30 is in force from 03:00',
      '2026-03-08T03:15:00-04:00',
      NY,
      { frequency: 'None', startDate: '2026-03-08', startTime: '02:30', endTime: '03:30' },
      'On',
    ],
    [
      'NY spring forward: 02:30-03:30, just before the jump',
      '2026-03-08T01:59:59-05:00',
      NY,
      { frequency: 'None', startDate: '2026-03-08', startTime: '02:30', endTime: '03:30' },
      'Off',
    ],
    [
      'NY spring forward: 02:30-03:30 ends at 03:30',
      '2026-03-08T03:30:00-04:00',
      NY,
      { frequency: 'None', startDate: '2026-03-08', startTime: '02:30', endTime: '03:30' },
      'Off',
    ],
    [
      'NY spring forward: 02:30-02:45 is never lived',
      '2026-03-08T03:00:00-04:00',
      NY,
      { frequency: 'None', startDate: '2026-03-08', startTime: '02:30', endTime: '02:45' },
      'Off',
    ],
    [
      'NY fall back: 01:30 EDT (first pass)',
      '2026-11-01T01:35:00-04:00',
      NY,
      { frequency: 'Daily', startTime: '01:30', endTime: '01:45' },
      'On',
    ],
    [
      'NY fall back: 01:30 EST (second pass)',
      '2026-11-01T01:35:00-05:00',
      NY,
      { frequency: 'Daily', startTime: '01:30', endTime: '01:45' },
      'On',
    ],
    [
      'NY fall back: 01:00-02:00 still on at 01:59 EST',
      '2026-11-01T01:59:00-05:00',
      NY,
      { frequency: 'None', startDate: '2026-11-01', startTime: '01:00', endTime: '02:00' },
      'On',
    ],
    [
      'NY fall back: 01:00-02:00 off at 02:00 EST',
      '2026-11-01T02:00:00-05:00',
      NY,
      { frequency: 'None', startDate: '2026-11-01', startTime: '01:00', endTime: '02:00' },
      'Off',
    ],
    // DST, Europe/London: 2026-03-29 01:00 GMT -> 02:00 BST; 2026-10-25 02:00 BST -> 01:00 GMT
    [
      'London spring forward: 01:30-02:30 in force from 02:00',
      '2026-03-29T02:15:00+01:00',
      LONDON,
      { frequency: 'None', startDate: '2026-03-29', startTime: '01:30', endTime: '02:30' },
      'On',
    ],
    [
      'London spring forward: 01:30-02:30, before the jump',
      '2026-03-29T00:59:00+00:00',
      LONDON,
      { frequency: 'None', startDate: '2026-03-29', startTime: '01:30', endTime: '02:30' },
      'Off',
    ],
    [
      'London fall back: 01:00-02:00, BST pass',
      '2026-10-25T01:30:00+01:00',
      LONDON,
      { frequency: 'Daily', startTime: '01:00', endTime: '02:00' },
      'On',
    ],
    [
      'London fall back: 01:00-02:00, GMT pass',
      '2026-10-25T01:30:00+00:00',
      LONDON,
      { frequency: 'Daily', startTime: '01:00', endTime: '02:00' },
      'On',
    ],
    [
      'London fall back: over midnight 23:00-01:30, GMT pass',
      '2026-10-25T01:15:00+00:00',
      LONDON,
      { frequency: 'Daily', startTime: '23:00', endTime: '01:30' },
      'On',
    ],
  ])('%s: %s in %s', (_title, instant, timeZoneId, fields, expected) => {
    const schedule: Schedule = {
      timeZoneId,
      defaultState: 'Off',
      rules: [rule({ ...fields, name: 'On', state: 'On' })],
    };
    expect(evaluateSchedule(schedule, new Date(instant)).state).toBe(expected);
  });
});

describe('schedule engine: the worked example (business hours, a holiday, closed otherwise)', () => {
  it.each<[string, string, string, string | null]>([
    ['2026-12-07T09:30:00-05:00', 'Open', '2026-12-07T09:30:00-05:00', 'Business hours'],
    ['2026-12-07T08:59:59-05:00', 'Closed', '2026-12-07T08:59:59-05:00', null],
    ['2026-12-07T17:00:00-05:00', 'Closed', '2026-12-07T17:00:00-05:00', null],
    ['2026-12-05T12:00:00-05:00', 'Closed', '2026-12-05T12:00:00-05:00', null],
    ['2026-12-25T10:00:00-05:00', 'Holiday', '2026-12-25T10:00:00-05:00', 'Christmas'],
    ['2026-12-25T15:00:00Z', 'Holiday', '2026-12-25T10:00:00-05:00', 'Christmas'],
    ['2026-07-06T09:30:00-04:00', 'Open', '2026-07-06T09:30:00-04:00', 'Business hours'],
  ])('%s in America/New_York is %s (%s)', (instant, state, localDateTime, ruleName) => {
    const evaluation = evaluateSchedule(worked(), new Date(instant));
    expect(evaluation).toEqual({
      state,
      rule: ruleName ? expect.objectContaining({ name: ruleName }) : null,
      timeZoneId: NY,
      localDateTime,
    });
  });

  it.each<[string, string, string]>([
    ['2026-12-07T15:00:00Z', NY, 'Open'],
    ['2026-12-07T15:00:00Z', LONDON, 'Open'],
    ['2026-12-07T20:00:00Z', NY, 'Open'],
    ['2026-12-07T20:00:00Z', LONDON, 'Closed'],
    ['2026-12-07T15:00:00Z', 'Asia/Tokyo', 'Closed'],
  ])('the same rule at %s in %s is %s', (instant, zone, state) => {
    expect(evaluateSchedule(worked(zone), new Date(instant)).state).toBe(state);
  });

  it.each<[string, string, string]>([
    ['2026-12-07T10:00:00-05:00', 'flow-day', 'Open'],
    ['2026-12-07T22:00:00-05:00', 'flow-night', 'Closed'],
    ['2026-12-25T10:00:00-05:00', 'flow-holiday', 'Holiday'],
  ])('Scheduled flows at %s answer with %s (state %s)', (instant, flowId, state) => {
    const evaluation = evaluateSchedule(worked(), new Date(instant));
    const endpoint = {
      flowSchedule: 'Scheduled' as EndpointFlowSchedules,
      flowId: 'flow-default',
      scheduledFlows: [
        { stateName: 'Open', flowId: 'flow-day' },
        {
          stateName: 'Closed',
          flowId: 'flow-night',
          flowParams: { greeting: { stringValue: 'We are closed' } },
        },
        { stateName: 'Holiday', flowId: 'flow-holiday' },
      ],
    };
    expect(evaluation.state).toBe(state);
    expect(resolveEndpointFlow(endpoint, evaluation).flowId).toBe(flowId);
  });
});

describe('schedule engine: schedules', () => {
  const always = (name: string, priority?: number) =>
    rule({ name, state: name, simpleRuleType: 'Always', priority });
  const at = new Date('2026-12-07T15:00:00Z');

  it.each<[string, Schedule, string, string | null]>([
    [
      'forceClosed wins over matching rules',
      { forceClosed: true, defaultState: 'Open', rules: [always('A')] },
      'Closed',
      null,
    ],
    [
      'lower priority first, whatever the list order',
      { rules: [always('Second', 1), always('First', 0)] },
      'First',
      'First',
    ],
    ['equal priorities keep list order', { rules: [always('A', 2), always('B', 2)] }, 'A', 'A'],
    [
      'missing priority is 0 (after -1, before 1)',
      { rules: [always('One', 1), always('Zero'), always('MinusOne', -1)] },
      'MinusOne',
      'MinusOne',
    ],
    ['missing priority is 0, before 1', { rules: [always('One', 1), always('Zero')] }, 'Zero', 'Zero'],
    ['no rule matches: defaultState', { defaultState: 'Night', rules: [] }, 'Night', null],
    [
      'no rule matches and no defaultState: Closed',
      { rules: [rule({ name: 'Never', state: 'X', startDate: '2020-01-01', isAllDay: true })] },
      'Closed',
      null,
    ],
    ['no rules at all and no defaultState: Closed', {}, 'Closed', null],
    [
      'a matching rule without a state gives the default',
      { defaultState: 'Night', rules: [rule({ name: 'Nameless', simpleRuleType: 'Always' })] },
      'Night',
      'Nameless',
    ],
    [
      'condition and source are not evaluated',
      { rules: [rule({ name: 'C', state: 'C', simpleRuleType: 'Always', condition: 'false', source: 'x' })] },
      'C',
      'C',
    ],
  ])('%s', (_title, schedule, state, ruleName) => {
    const evaluation = evaluateSchedule(schedule, at);
    expect(evaluation.state).toBe(state);
    expect(evaluation.rule?.name ?? null).toBe(ruleName);
  });

  it.each<[string, string | null | undefined, string]>([
    ['the customer is in the rule’s state', 'Open', 'FollowCustomer'],
    ['the customer is in another state', 'Closed', 'Default'],
    ['states compare exactly', 'open', 'Default'],
    ['no customer (null)', null, 'Default'],
    ['no customer (undefined)', undefined, 'Default'],
  ])('CustomerState rule: %s', (_title, customerState, expected) => {
    const schedule: Schedule = {
      defaultState: 'Default',
      rules: [
        rule({
          name: 'Follow',
          state: 'FollowCustomer',
          simpleRuleType: 'CustomerState',
          customerState: 'Open',
        }),
      ],
    };
    expect(evaluateSchedule(schedule, at, { customerState }).state).toBe(expected);
  });

  it('evaluates in UTC when the schedule names no zone, and says so', () => {
    const evaluation = evaluateSchedule({ rules: [] }, new Date('2026-12-07T15:04:05.678Z'));
    expect(evaluation).toEqual({
      state: 'Closed',
      rule: null,
      timeZoneId: 'UTC',
      localDateTime: '2026-12-07T15:04:05Z',
    });
  });

  it('throws on a zone luxon does not know', () => {
    expect(() => evaluateSchedule({ timeZoneId: 'Mars/Olympus_Mons', rules: [] }, at)).toThrow(
      'Unknown time zone: Mars/Olympus_Mons',
    );
  });

  it('does not modify what it is given', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === 'object') {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
      }
      return value;
    };
    const schedule = deepFreeze<Schedule>({
      timeZoneId: NY,
      defaultState: 'Closed',
      rules: [
        rule({
          name: 'B',
          priority: 2,
          state: 'B',
          frequency: 'Monthly',
          byDay: WEEKDAYS,
          bySetPosition: [-1],
          isAllDay: true,
        }),
        rule({
          name: 'A',
          priority: 1,
          state: 'A',
          frequency: 'Yearly',
          byMonth: [12],
          byMonthDay: [-1],
          byHour: [9],
          byMinute: [0],
          startDate: '2026-01-01',
          count: 5,
        }),
        rule({
          name: 'C',
          priority: 3,
          state: 'C',
          frequency: 'Hourly',
          byMinute: [0, 30],
          byWeekNo: [50],
          endTime: '00:10',
        }),
        rule({
          name: 'D',
          priority: 4,
          state: 'D',
          frequency: 'Weekly',
          byDay: WEEKDAYS,
          byYearDay: [341],
          startTime: '09:00',
          endTime: '17:00',
        }),
      ],
    });
    const snapshot = JSON.stringify(schedule);
    const at2 = deepFreeze(new Date('2026-12-07T15:00:00Z'));
    expect(evaluateSchedule(schedule, at2, deepFreeze({ customerState: 'Open' })).state).toBe('C');
    expect(evaluateSchedule(schedule, new Date('2026-12-31T15:00:00Z')).state).toBe('A');
    expect(JSON.stringify(schedule)).toBe(snapshot);
    expect(at2.toISOString()).toBe('2026-12-07T15:00:00.000Z');
  });
});

describe('effectiveSchedule', () => {
  const own: Schedule = { timeZoneId: NY, defaultState: 'Own' };
  const inherits: Schedule = { inherit: true, defaultState: 'Ignored' };
  const grandparent: Schedule = { timeZoneId: LONDON, defaultState: 'Grandparent' };

  it.each<
    [
      string,
      Schedule | null | undefined,
      { customerId: string; schedule: Schedule | null | undefined }[],
      Schedule,
      object,
    ]
  >([
    [
      'its own schedule when it does not inherit',
      own,
      [{ customerId: 'c1', schedule: grandparent }],
      own,
      { kind: 'Own' },
    ],
    [
      'three levels up: endpoint inherits, customer inherits, parent inherits, grandparent defines',
      inherits,
      [
        { customerId: 'customer', schedule: inherits },
        { customerId: 'parent', schedule: inherits },
        { customerId: 'grandparent', schedule: grandparent },
      ],
      grandparent,
      { kind: 'Customer', customerId: 'grandparent' },
    ],
    [
      'a customer without a schedule is passed over',
      null,
      [
        { customerId: 'c1', schedule: null },
        { customerId: 'c2', schedule: own },
      ],
      own,
      { kind: 'Customer', customerId: 'c2' },
    ],
    [
      'the account default when every level inherits',
      inherits,
      [
        { customerId: 'c1', schedule: inherits },
        { customerId: 'c2', schedule: undefined },
      ],
      ACCOUNT_DEFAULT_SCHEDULE,
      { kind: 'AccountDefault' },
    ],
    [
      'the account default with no schedule and no customer',
      undefined,
      [],
      ACCOUNT_DEFAULT_SCHEDULE,
      { kind: 'AccountDefault' },
    ],
  ])('%s', (_title, ownSchedule, ancestors, schedule, source) => {
    expect(effectiveSchedule(ownSchedule, ancestors)).toEqual({ schedule, source });
  });

  it('the account default is always Open, in UTC', () => {
    expect(ACCOUNT_DEFAULT_SCHEDULE).toEqual({
      timeZoneId: 'UTC',
      inherit: false,
      forceClosed: false,
      rules: [],
      defaultState: 'Open',
    });
    expect(evaluateSchedule(ACCOUNT_DEFAULT_SCHEDULE, new Date('2026-12-07T03:00:00Z')).state).toBe('Open');
  });
});

describe('resolveEndpointFlow', () => {
  const params = { greeting: { stringValue: 'Hello' } };
  const ruleParams = { greeting: { stringValue: 'Rule' } };
  const evaluation = (state: string, matched: SchedulingRule | null): ScheduleEvaluation => ({
    state,
    rule: matched,
    timeZoneId: 'UTC',
    localDateTime: '2026-12-07T15:00:00Z',
  });
  const withFlow = rule({ name: 'Night', state: 'Closed', flowId: 'flow-rule', flowParams: ruleParams });
  const withoutFlow = rule({ name: 'Night', state: 'Closed' });
  const scheduledFlows = [{ stateName: 'Open', flowId: 'flow-open' }, { stateName: 'Closed' }];

  it.each<
    [string, string | undefined, ScheduleEvaluation, { flowId: string | null; flowParams: object | null }]
  >([
    [
      'Always: the endpoint’s flow',
      'Always',
      evaluation('Closed', withFlow),
      { flowId: 'flow-main', flowParams: params },
    ],
    [
      'missing flowSchedule is Always',
      undefined,
      evaluation('Closed', withFlow),
      { flowId: 'flow-main', flowParams: params },
    ],
    [
      'Scheduled: the entry for the state',
      'Scheduled',
      evaluation('Open', null),
      { flowId: 'flow-open', flowParams: null },
    ],
    [
      'Scheduled: no entry for the state falls back',
      'Scheduled',
      evaluation('Holiday', null),
      { flowId: 'flow-main', flowParams: params },
    ],
    [
      'Scheduled: an entry without a flow falls back',
      'Scheduled',
      evaluation('Closed', null),
      { flowId: 'flow-main', flowParams: params },
    ],
    [
      'Simple: the matched rule’s flow',
      'Simple',
      evaluation('Closed', withFlow),
      { flowId: 'flow-rule', flowParams: ruleParams },
    ],
    [
      'Simple: a rule without a flow falls back',
      'Simple',
      evaluation('Closed', withoutFlow),
      { flowId: 'flow-main', flowParams: params },
    ],
    [
      'Simple: no rule matched falls back',
      'Simple',
      evaluation('Closed', null),
      { flowId: 'flow-main', flowParams: params },
    ],
  ])('%s', (_title, flowSchedule, given, expected) => {
    const endpoint = {
      flowSchedule: flowSchedule as EndpointFlowSchedules | undefined,
      flowId: 'flow-main',
      flowParams: params,
      scheduledFlows,
    };
    expect(resolveEndpointFlow(endpoint, given)).toEqual(expected);
  });

  it('an endpoint without any flow resolves to none', () => {
    expect(resolveEndpointFlow({}, evaluation('Open', null))).toEqual({ flowId: null, flowParams: null });
  });
});

describe('clockInstant (the account’s test clock)', () => {
  const now = new Date('2026-12-07T15:00:00Z');

  it.each<[string, Parameters<typeof clockInstant>[0], string]>([
    ['no clock: now', null, '2026-12-07T15:00:00.000Z'],
    [
      'override off: now',
      { overrideSystemTime: false, overrideSystemDateTime: '2026-12-25T10:00:00Z' },
      '2026-12-07T15:00:00.000Z',
    ],
    [
      'override on without a date-time: now',
      { overrideSystemTime: true, overrideSystemTimeZoneId: NY },
      '2026-12-07T15:00:00.000Z',
    ],
    [
      'with Z: that instant',
      {
        overrideSystemTime: true,
        overrideSystemDateTime: '2026-12-25T10:00:00Z',
        overrideSystemTimeZoneId: NY,
      },
      '2026-12-25T10:00:00.000Z',
    ],
    [
      'with an offset: that instant',
      {
        overrideSystemTime: true,
        overrideSystemDateTime: '2026-12-25T10:00:00+01:00',
        overrideSystemTimeZoneId: NY,
      },
      '2026-12-25T09:00:00.000Z',
    ],
    [
      'without an offset: read in the zone',
      {
        overrideSystemTime: true,
        overrideSystemDateTime: '2026-12-25T10:00:00',
        overrideSystemTimeZoneId: NY,
      },
      '2026-12-25T15:00:00.000Z',
    ],
    [
      'without an offset, in summer time',
      {
        overrideSystemTime: true,
        overrideSystemDateTime: '2026-07-04T10:00:00',
        overrideSystemTimeZoneId: NY,
      },
      '2026-07-04T14:00:00.000Z',
    ],
    [
      'without an offset or zone: UTC',
      { overrideSystemTime: true, overrideSystemDateTime: '2026-12-25T10:00:00' },
      '2026-12-25T10:00:00.000Z',
    ],
  ])('%s', (_title, clock, expected) => {
    expect(clockInstant(clock, now).toISOString()).toBe(expected);
  });

  it('drives an evaluation: the worked example on the test clock’s Christmas', () => {
    const clock = {
      overrideSystemTime: true,
      overrideSystemDateTime: '2026-12-25T10:00:00',
      overrideSystemTimeZoneId: NY,
    };
    expect(evaluateSchedule(worked(), clockInstant(clock, now)).state).toBe('Holiday');
  });
});
