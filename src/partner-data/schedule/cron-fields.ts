import { DAYS_OF_WEEK, MONTHS, type CalendarSpecDescription, type Range } from '@temporalio/client';

/**
 * The server stores a cron expression as a structured calendar and describes it that way, so a
 * declared cron cannot be compared with what the server holds as text. Both are expanded here to
 * the set of values each field matches; two specs are the same when the sets are.
 */
export interface CalendarValues {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
  /** Empty: any year. */
  year: number[];
}

interface Field {
  name: keyof Omit<CalendarValues, 'second' | 'year'>;
  min: number;
  max: number;
  names?: readonly string[];
}

const CRON_FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS.map((m) => m.slice(0, 3)) },
  { name: 'dayOfWeek', min: 0, max: 6, names: DAYS_OF_WEEK.map((d) => d.slice(0, 3)) },
];

/**
 * Expands a five-field cron expression (minute hour day-of-month month day-of-week; numbers,
 * `*`, ranges, steps, lists, JAN..DEC and SUN..SAT; a trailing `# comment` is ignored). Anything
 * else throws, naming the part it did not understand.
 */
export function cronValues(expression: string): CalendarValues {
  const fields = expression.replace(/#.*$/, '').trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length)
    throw new Error(`cron "${expression}": expected 5 fields, got ${fields.length}`);
  const values: CalendarValues = {
    second: [0],
    minute: [],
    hour: [],
    dayOfMonth: [],
    month: [],
    dayOfWeek: [],
    year: [],
  };
  CRON_FIELDS.forEach((field, i) => {
    values[field.name] = expandCronField(fields[i] as string, field);
  });
  // Cron allows 7 for Sunday; the calendar has only 0.
  values.dayOfWeek = sortedUnique(values.dayOfWeek.map((d) => d % 7));
  return values;
}

export function calendarValues(calendar: CalendarSpecDescription): CalendarValues {
  const monthNumber = (m: string) => MONTHS.indexOf(m as (typeof MONTHS)[number]) + 1;
  const dayNumber = (d: string) => DAYS_OF_WEEK.indexOf(d as (typeof DAYS_OF_WEEK)[number]);
  return {
    second: expandRanges(calendar.second, Number),
    minute: expandRanges(calendar.minute, Number),
    hour: expandRanges(calendar.hour, Number),
    dayOfMonth: expandRanges(calendar.dayOfMonth, Number),
    month: expandRanges(calendar.month, monthNumber),
    dayOfWeek: expandRanges(calendar.dayOfWeek, dayNumber),
    year: expandRanges(calendar.year, Number),
  };
}

/** The calendar back as cron fields (a step over a whole field prints as `*` + `/15`): for describe output. */
export function cronFromCalendar(calendar: CalendarSpecDescription): string {
  const values = calendarValues(calendar);
  return CRON_FIELDS.map((field) => cronField(values[field.name], field)).join(' ');
}

function expandCronField(text: string, field: Field): number[] {
  const values: number[] = [];
  for (const part of text.split(',')) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron ${field.name} "${text}": cannot read "${part}"`);
    const [, span = '', stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    const [start, end] = span === '*' ? [field.min, field.max] : spanBounds(span, field, stepText !== undefined);
    if (step < 1 || start > end) throw new Error(`cron ${field.name} "${text}": empty range "${part}"`);
    for (let v = start; v <= end; v += step) values.push(v);
  }
  return sortedUnique(values);
}

function spanBounds(span: string, field: Field, stepped: boolean): [number, number] {
  const [from = '', to] = span.split('-');
  const start = cronNumber(from, field);
  // "5/15" means from 5 to the end in steps of 15.
  const end = to === undefined ? (stepped ? field.max : start) : cronNumber(to, field);
  return [start, end];
}

function cronNumber(text: string, field: Field): number {
  const named = field.names?.indexOf(text.toUpperCase().slice(0, 3)) ?? -1;
  const value = /^\d+$/.test(text) ? Number(text) : named >= 0 ? named + field.min : NaN;
  const max = field.name === 'dayOfWeek' ? 7 : field.max;
  if (!Number.isInteger(value) || value < field.min || value > max)
    throw new Error(`cron ${field.name}: "${text}" is not in ${field.min}..${max}`);
  return value;
}

function expandRanges<U>(ranges: Range<U>[] | undefined, toNumber: (unit: U) => number): number[] {
  const values: number[] = [];
  for (const range of ranges ?? []) {
    const start = toNumber(range.start);
    const end = Math.max(start, toNumber(range.end));
    const step = range.step >= 1 ? range.step : 1;
    for (let v = start; v <= end; v += step) values.push(v);
  }
  return sortedUnique(values);
}

function cronField(values: number[], field: Field): string {
  const full = field.max - field.min + 1;
  if (values.length === full) return '*';
  const step = values.length > 1 ? (values[1] as number) - (values[0] as number) : 0;
  const evenlyStepped = values.every((v, i) => i === 0 || v - (values[i - 1] as number) === step);
  if (evenlyStepped && values[0] === field.min && step > 1 && (values.at(-1) as number) + step > field.max)
    return `*/${step}`;
  return values.join(',');
}

function sortedUnique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
