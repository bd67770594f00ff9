import { describe, expect, it } from 'vitest';
import type { CalendarSpecDescription } from '@temporalio/client';
import { calendarValues, cronFromCalendar, cronValues } from '../../src/partner-data/schedule/cron-fields';

// What the server describes for `*/15 * * * *` (see the schedules integration test for the real thing).
const EVERY_15_MINUTES: CalendarSpecDescription = {
  second: [{ start: 0, end: 0, step: 1 }],
  minute: [{ start: 0, end: 59, step: 15 }],
  hour: [{ start: 0, end: 23, step: 1 }],
  dayOfMonth: [{ start: 1, end: 31, step: 1 }],
  month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
  year: [],
  dayOfWeek: [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }],
};

describe('cron fields', () => {
  it('a cron expression and the calendar the server compiles from it match the same times', () => {
    expect(cronValues('*/15 * * * * # a comment')).toEqual(calendarValues(EVERY_15_MINUTES));
    expect(cronValues('*/15 * * * *').minute).toEqual([0, 15, 30, 45]);
    expect(cronFromCalendar(EVERY_15_MINUTES)).toBe('*/15 * * * *');
  });

  it('reads ranges, steps, lists and names', () => {
    const values = cronValues('5,35 9-17/4 1 JAN-MAR MON-FRI');
    expect(values).toMatchObject({
      minute: [5, 35],
      hour: [9, 13, 17],
      dayOfMonth: [1],
      month: [1, 2, 3],
      dayOfWeek: [1, 2, 3, 4, 5],
    });
    expect(cronValues('0 0 * * 7').dayOfWeek).toEqual([0]);
    expect(cronValues('10/20 * * * *').minute).toEqual([10, 30, 50]);
  });

  it('a different expression does not match', () => {
    expect(cronValues('*/10 * * * *')).not.toEqual(calendarValues(EVERY_15_MINUTES));
  });

  it('refuses what it cannot read, naming the part', () => {
    expect(() => cronValues('*/15 * * *')).toThrow(/expected 5 fields/);
    expect(() => cronValues('61 * * * *')).toThrow(/minute: "61" is not in 0..59/);
    expect(() => cronValues('@hourly')).toThrow();
  });
});
