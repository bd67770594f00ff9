import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/platform/free-port';
import { connectClient, TEMPORAL_UNREACHABLE_HINT } from '../../src/platform/temporal-connection';

describe('a process that cannot reach Temporal', () => {
  it('says so once, with what to do, then backs off quietly; the final error carries the same hint', async () => {
    const lines: { level: number; msg: string }[] = [];
    const log = pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
    );
    const env = { TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}` };

    await expect(connectClient({ env, log, waitMs: 15_000 })).rejects.toThrow(TEMPORAL_UNREACHABLE_HINT);

    const warnings = lines.filter((line) => line.level >= 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('is `npm start` running? or set TEMPORAL_ADDRESS');
    expect(lines.filter((line) => line.level === 20).length).toBeGreaterThan(0);
  });
});
