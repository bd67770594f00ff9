import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/scoring/abort-error';
import { scoreRoutes, type RouteScoringInput } from '../../src/scoring/route-scorer';
import { NoCandidatesError } from '../../src/scoring/scoring-errors';
import { ScoringPool, ScoringPoolBusyError, type ScoringProgress } from '../../src/scoring/scoring-pool';
import { randomScoringInput } from './scoring-fixtures';

const inputs: RouteScoringInput[] = [
  randomScoringInput(1, 2_000, 20),
  randomScoringInput(2, 2_000, 7),
  randomScoringInput(1, 2_000, 3),
  randomScoringInput(3, 10_000, 12),
  randomScoringInput(4, 500, 1),
];

/** At most `pool.size` calls in flight, like a worker whose activity slots equal the pool size. */
async function scoreAllWithinSlots(pool: ScoringPool, all: RouteScoringInput[]) {
  const results = new Array<unknown>(all.length);
  let next = 0;
  const slot = async (): Promise<void> => {
    for (let index = next++; index < all.length; index = next++) results[index] = await pool.score(all[index]!);
  };
  await Promise.all(Array.from({ length: pool.size }, slot));
  return results;
}

describe.each([1, 2])('ScoringPool with %i thread(s)', (threads) => {
  let pool: ScoringPool;
  beforeAll(() => {
    pool = ScoringPool.start({ threads });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('returns exactly what the pure scorer returns', async () => {
    const results = await scoreAllWithinSlots(pool, inputs);
    expect(results).toEqual(inputs.map((input) => scoreRoutes(input)));
    expect(pool.size).toBe(threads);
    expect(pool.stats).toMatchObject({ threads, running: 0, completed: inputs.length, failed: 0 });
  });

  it('reports progress after every candidate, ending at the total', async () => {
    const progress: ScoringProgress[] = [];
    await pool.score(inputs[0]!, { onProgress: (update) => progress.push(update) });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ done: 20, total: 20 });
    const dones = progress.map((update) => update.done);
    expect(dones).toEqual([...new Set(dones)].sort((a, b) => a - b));
  });

  it('rebuilds typed scoring errors thrown in the thread', async () => {
    await expect(pool.score({ ...inputs[0]!, candidates: [] })).rejects.toBeInstanceOf(NoCandidatesError);
  });

  it('refuses work beyond its threads instead of queueing it', async () => {
    const accepted = Array.from({ length: threads }, () => pool.score(inputs[0]!));
    await expect(pool.score(inputs[0]!)).rejects.toBeInstanceOf(ScoringPoolBusyError);
    await Promise.all(accepted);
  });
});

describe('ScoringPool cancellation', () => {
  let pool: ScoringPool;
  beforeAll(() => {
    pool = ScoringPool.start({ threads: 1 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('aborting a long scoring rejects as an abort, replaces the thread and frees the pool', async () => {
    // 200k nodes x 60 candidates: seconds of work, so the abort lands mid-run.
    const long = randomScoringInput(9, 200_000, 60);
    const controller = new AbortController();
    const [threadBefore] = pool.threadIds;
    let progressAfterAbort = 0;
    const running = pool.score(long, {
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (controller.signal.aborted) progressAfterAbort++;
        else if (done === 1) controller.abort(new Error('order cancelled'));
      },
    });

    const error: unknown = await running.catch((rejection: unknown) => rejection);
    expect(isAbortError(error)).toBe(true);
    expect(progressAfterAbort).toBe(0);
    expect(pool.stats).toMatchObject({ running: 0, aborted: 1 });
    expect(pool.threadIds).toHaveLength(1);
    expect(pool.threadIds).not.toContain(threadBefore);

    const small = inputs[0]!;
    await expect(pool.score(small)).resolves.toEqual(scoreRoutes(small));
  });

  it('rejects at once when the signal is already aborted', async () => {
    const error: unknown = await pool
      .score(inputs[0]!, { signal: AbortSignal.abort() })
      .catch((rejection: unknown) => rejection);
    expect(isAbortError(error)).toBe(true);
    await expect(pool.score(inputs[1]!)).resolves.toEqual(scoreRoutes(inputs[1]!));
  });
});
