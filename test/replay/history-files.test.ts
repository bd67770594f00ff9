import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORIES_DIR, readHistoryFile } from '../../src/dev/histories/history-files';
import { historyToJson } from '../../src/dev/histories/history-json';
import { latestHistoryOf } from './latest-history';

describe('history files: the format `temporal workflow show --output json` writes, and older exports', () => {
  const committed = path.join(HISTORIES_DIR, latestHistoryOf(HISTORIES_DIR, 'processOrder', 'happy-path'));
  // Written by `temporal workflow show --output json` itself (CLI v1.5.1), from a run on the embedded stack.
  const cliExport = path.join(HISTORIES_DIR, latestHistoryOf(HISTORIES_DIR, 'processOrder', 'cli-export'));
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'orderops-history-files-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes exactly what the temporal CLI writes: a CLI export read and written back is byte for byte the same', async () => {
    const text = await readFile(cliExport, 'utf8');
    const { history, workflowType } = await readHistoryFile(cliExport);
    expect(workflowType).toBe('processOrder');
    expect(`${historyToJson(history)}\n`).toBe(text);
  });

  it('accepts an older export: PascalCase event types, or just the array of events', async () => {
    const { events } = JSON.parse(await readFile(committed, 'utf8')) as { events: { eventType: string }[] };
    const pascalCase = events.map((event) => ({
      ...event,
      eventType: event.eventType
        .replace(/^EVENT_TYPE_/, '')
        .toLowerCase()
        .replace(/(^|_)([a-z])/g, (_, _sep: string, letter: string) => letter.toUpperCase()),
    }));
    const file = path.join(scratch, 'old-export.json');
    await writeFile(file, JSON.stringify(pascalCase));
    const old = await readHistoryFile(file);
    const current = await readHistoryFile(committed);
    expect(old.history.events?.map((e) => e.eventType)).toEqual(current.history.events?.map((e) => e.eventType));
  });

  it('refuses a file that is not a whole history, saying what it expected', async () => {
    const file = path.join(scratch, 'partial.json');
    await writeFile(
      file,
      JSON.stringify({
        events: [
          { eventId: '5', eventType: 'EVENT_TYPE_TIMER_STARTED', timerStartedEventAttributes: { timerId: '1' } },
        ],
      }),
    );
    await expect(readHistoryFile(file)).rejects.toThrow(/does not start with a WorkflowExecutionStarted event/);
  });
});
