import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

/**
 * One logger per process component; `LOG_LEVEL` picks the level (default info). A person at a
 * terminal reads one line per event (time, level, component, message, then the fields); anything
 * else (a pipe, a file, a log collector, `npm start` reading its children) gets JSON lines.
 * `LOG_FORMAT=json|pretty` overrides the guess.
 */
export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options = { name: component, level, base: { component, pid: process.pid } };
  return wantsReadableLogs(process.stdout) ? pino(options, readableStream(process.stdout)) : pino(options);
}

export function wantsReadableLogs(stream: NodeJS.WriteStream): boolean {
  const format = process.env.LOG_FORMAT;
  if (format === 'json' || format === 'pretty') return format === 'pretty';
  return stream.isTTY === true;
}

/**
 * Turns one JSON log line into the readable form, prefixed by its component; other text is
 * returned unchanged. `npm start` uses it for the lines its child processes write as JSON.
 */
export function readableLogLine(line: string, colorize: boolean): string {
  const record = parseLogRecord(line);
  if (!record) return line;
  return formatterFor(colorize)(record).trimEnd();
}

function readableStream(stream: NodeJS.WriteStream): { write(line: string): void } {
  const colorize = stream.isTTY === true;
  return { write: (line) => void stream.write(`${readableLogLine(line.trimEnd(), colorize)}\n`) };
}

const formatters = new Map<boolean, (record: object) => string>();

function formatterFor(colorize: boolean): (record: object) => string {
  let format = formatters.get(colorize);
  if (!format) {
    format = prettyFactory({
      colorize,
      translateTime: 'SYS:HH:MM:ss.l',
      // The component leads the line; the pid and the logger's name repeat what it already says.
      ignore: 'pid,hostname,name,component',
      messageFormat: (log, messageKey) =>
        `${typeof log.component === 'string' ? `[${log.component}] ` : ''}${String(log[messageKey] ?? '')}`,
      singleLine: true,
    });
    formatters.set(colorize, format);
  }
  return format;
}

function parseLogRecord(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed !== null && typeof parsed === 'object' && 'level' in parsed && 'time' in parsed
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export type { Logger };
