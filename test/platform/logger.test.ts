import { afterEach, describe, expect, it } from 'vitest';
import { readableLogLine, wantsReadableLogs } from '../../src/platform/logger';

const asWatched = (isTTY: boolean) => ({ isTTY }) as NodeJS.WriteStream;

describe('logs a person can read', () => {
  const format = process.env.LOG_FORMAT;
  afterEach(() => {
    if (format === undefined) delete process.env.LOG_FORMAT;
    else process.env.LOG_FORMAT = format;
  });

  it('turns a JSON log line into one line led by its component, level and message, then its fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 11, 4, 12, 0, 0),
      component: 'worker-io',
      pid: 7,
      name: 'worker-io',
      taskQueue: 'orders',
      msg: 'slow poll',
    });
    const readable = readableLogLine(line, false);
    expect(readable).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN: \[worker-io\] slow poll \{"taskQueue":"orders"\}$/);
    expect(readable).not.toContain('"pid"');
  });

  it('leaves anything that is not a log record as it is', () => {
    expect(readableLogLine('Server listening', false)).toBe('Server listening');
    expect(readableLogLine('{"not":"a log record"}', false)).toBe('{"not":"a log record"}');
  });

  it('is readable on a terminal and JSON elsewhere, unless LOG_FORMAT says otherwise', () => {
    delete process.env.LOG_FORMAT;
    expect([wantsReadableLogs(asWatched(true)), wantsReadableLogs(asWatched(false))]).toEqual([true, false]);
    process.env.LOG_FORMAT = 'json';
    expect(wantsReadableLogs(asWatched(true))).toBe(false);
    process.env.LOG_FORMAT = 'pretty';
    expect(wantsReadableLogs(asWatched(false))).toBe(true);
  });
});
