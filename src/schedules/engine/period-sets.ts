import { MS_PER_MINUTE } from './floating-time';
import type { Recurrence } from './recurrence';

/** The times of day (milliseconds after midnight, sorted) of a daily or longer rule. */
export function timesOfDay(recurrence: Recurrence): number[] {
  return recurrence.byHour!.flatMap((hour) =>
    recurrence.byMinute!.map((minute) => (hour * 60 + minute) * MS_PER_MINUTE),
  );
}

/** BYSETPOS over a period's set: every time of every day, in order (1 = first, -1 = last). */
export function positions(days: number[], times: number[], setPositions: number[]): number[] {
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
