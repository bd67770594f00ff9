import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { History } from '@temporalio/common/lib/proto-utils';
import { projectRoot } from '../../platform/config';
import { historyFromJson, historyToJson } from './history-json';

/** Where committed histories live; the replay suite replays every `*.json` file in it. */
export const HISTORIES_DIR = path.join(projectRoot(), 'test', 'histories');

export interface HistoryFile {
  /** The file name, e.g. `processOrder.happy-path.v1.json`: how a replay failure names the history. */
  file: string;
  history: History;
  /** The workflow type named by the first event (not the file name, which a person may have chosen). */
  workflowType: string;
  /** The workflow id recorded in the first event, when the server recorded one. */
  workflowId: string | undefined;
}

export function historyFileName(workflowType: string, scenario: string, version: number): string {
  return `${workflowType}.${scenario}.v${version}.json`;
}

/**
 * Writes a history exactly as `temporal workflow show --output json` does: proto3 JSON with enum
 * names and int64 as strings. `JSON.stringify` of the SDK's proto objects would not replay.
 */
export async function writeHistoryFile(dir: string, file: string, history: History): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, file);
  await writeFile(target, `${historyToJson(history)}\n`, 'utf8');
  return target;
}

/**
 * Reads every `*.json` history in `dir`, sorted by name. Accepts what the capture command writes,
 * `temporal workflow show --output json`, and the Web UI's "Download" (an object with `events`,
 * or just the array of events).
 */
export async function readHistoryFiles(dir: string): Promise<HistoryFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map((name) => readHistoryFile(path.join(dir, name))));
}

export async function readHistoryFile(filePath: string): Promise<HistoryFile> {
  const file = path.basename(filePath);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  let history: History;
  try {
    history = historyFromJson(Array.isArray(parsed) ? { events: parsed } : parsed);
  } catch (err) {
    throw new Error(
      `${file} is not a workflow history (expected the JSON of \`temporal workflow show --output json\`): ${(err as Error).message}`,
    );
  }
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started)
    throw new Error(
      `${file} does not start with a WorkflowExecutionStarted event: export the whole history, from its first event`,
    );
  return {
    file,
    history,
    workflowType: started.workflowType?.name ?? 'unknown',
    workflowId: started.workflowId || undefined,
  };
}
