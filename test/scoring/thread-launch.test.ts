import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoringThreadLaunch } from '../../src/scoring/thread-launch';

describe('scoringThreadLaunch from TypeScript sources', () => {
  it('starts the .ts thread file with tsx loaded, even when the process itself was not started by tsx', () => {
    const launch = scoringThreadLaunch();
    expect(path.basename(launch.filename)).toBe('scoring-thread.ts');
    const importIndex = launch.execArgv?.lastIndexOf('--import') ?? -1;
    expect(importIndex).toBeGreaterThanOrEqual(0);
    expect(launch.execArgv?.[importIndex + 1]).toMatch(/tsx/);
  });
});
