import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORIES_DIR, readHistoryFiles } from '../../src/dev/histories/history-files';
import { quietSdkLogs } from '../../src/dev/local-system/quiet-sdk-logs';
import { replayHistoryFiles, type ReplayVerdict } from '../../src/dev/histories/replay';
import { workflowBundle } from '../../src/workers/workflow-bundle';

// Listed when the file loads, so each history is a test of its own in the report.
const committed = readdirSync(HISTORIES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

describe(`every recorded history in test/histories replays against today's workflow code`, () => {
  const verdicts = new Map<string, ReplayVerdict>();

  beforeAll(async () => {
    quietSdkLogs();
    const histories = await readHistoryFiles(HISTORIES_DIR);
    // One replay worker for all of them: the bundle is built and loaded once.
    for (const verdict of await replayHistoryFiles(histories, { workflowBundle: await workflowBundle() }))
      verdicts.set(verdict.file, verdict);
  });

  it('holds at least six recorded runs', () => {
    expect(committed.length).toBeGreaterThanOrEqual(6);
  });

  it('includes a traced, encrypted run with queries and an update (the OpenTelemetry trap, sdk-typescript #2023)', () => {
    expect(committed.some((file) => file.startsWith('processOrder.traced-query-update.'))).toBe(true);
  });

  it.each(committed)('%s', (file) => {
    const verdict = verdicts.get(file);
    if (!verdict) expect.fail(`${file} was not replayed`);
    if (verdict.failure)
      expect.fail(
        `non-deterministic against today's code (docs/replay.md says how to fix it):\n${verdict.failure.explanation}`,
      );
  });
});
