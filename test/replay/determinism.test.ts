import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORIES_DIR, readHistoryFile, type HistoryFile } from '../../src/dev/histories/history-files';
import { quietSdkLogs } from '../../src/dev/local-system/quiet-sdk-logs';
import { replayHistoryFiles } from '../../src/dev/histories/replay';
import { workflowBundle } from '../../src/workers/workflow-bundle';
import { latestHistoryOf } from './latest-history';

describe('the replay suite catches a non-deterministic change', () => {
  let recorded: HistoryFile;
  beforeAll(async () => {
    quietSdkLogs();
    recorded = await readHistoryFile(
      path.join(HISTORIES_DIR, latestHistoryOf(HISTORIES_DIR, 'processOrder', 'happy-path')),
    );
  });

  it('fails with a DeterminismViolationError naming the history and the first mismatching event, against a copy with one extra activity', async () => {
    const [verdict] = await replayHistoryFiles([recorded], { workflowsPath: path.join(__dirname, 'altered') });
    expect(verdict?.failure?.error).toBeInstanceOf(DeterminismViolationError);
    expect(verdict?.failure?.explanation).toContain(recorded.file);
    expect(verdict?.failure?.explanation).toMatch(/first mismatching event: #\d+ \w+/);
  });

  it('passes against the real code', async () => {
    const [verdict] = await replayHistoryFiles([recorded], { workflowBundle: await workflowBundle() });
    expect(verdict?.failure?.explanation).toBeUndefined();
  });
});
