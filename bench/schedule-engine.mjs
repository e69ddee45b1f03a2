// `npm run bench:schedules`: what one schedule evaluation costs, in microseconds, on the built engine
// (dist/schedules/engine): the README's worked example (office hours and a holiday, in New York) and
// harder rules, each evaluated at instants spread over a year. Run `npm run build` first.
import { createRequire } from 'node:module';
import { OFFICE_SCHEDULE } from './seed.mjs';

const require = createRequire(import.meta.url);
const { evaluateSchedule } = require('../dist/schedules/engine/index.js');

const CASES = {
  'office hours + holiday (README example)': OFFICE_SCHEDULE,
  'daily over midnight, from 1970': {
    timeZoneId: 'Europe/London',
    rules: [{ state: 'Night', frequency: 'Daily', startTime: '22:00', endTime: '06:00' }],
  },
  'last Friday of the month': {
    timeZoneId: 'America/Los_Angeles',
    rules: [
      { state: 'Payday', frequency: 'Monthly', byDay: [{ offset: -1, dayOfWeek: 'Friday' }], isAllDay: true },
    ],
  },
  'every 7 minutes for 3, from 2000': {
    timeZoneId: 'Asia/Tokyo',
    rules: [
      {
        state: 'Pulse',
        frequency: 'Minutely',
        interval: 7,
        startDate: '2000-01-01',
        startTime: '00:00',
        endTime: '00:03',
      },
    ],
  },
  'daily, count 1,000, 29 February only, from 1904 (slowest found)': {
    timeZoneId: 'UTC',
    rules: [
      {
        state: 'Leap',
        frequency: 'Daily',
        count: 1000,
        byMonth: [2],
        byMonthDay: [29],
        startDate: '1904-01-01',
      },
    ],
  },
  'secondly with a count of 1,000,000': {
    timeZoneId: 'UTC',
    rules: [{ state: 'Burst', frequency: 'Secondly', count: 1_000_000, startDate: '2026-01-01' }],
  },
};

const instants = Array.from(
  { length: 997 },
  (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 31_622_400 + i * 7_919_000),
);

for (const [name, schedule] of Object.entries(CASES)) {
  for (let i = 0; i < 200; i++) evaluateSchedule(schedule, instants[i % instants.length]);
  const started = process.hrtime.bigint();
  let runs = 0;
  while (process.hrtime.bigint() - started < 1_000_000_000n) {
    evaluateSchedule(schedule, instants[runs % instants.length]);
    runs++;
  }
  const micros = Number(process.hrtime.bigint() - started) / 1000 / runs;
  console.log(`${name.padEnd(50)} ${micros.toFixed(1).padStart(9)} µs per evaluation (${runs} runs)`);
}
