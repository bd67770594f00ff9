import { CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPartnerStep, type StepCallOptions } from '../../src/activities/partner-step';
import { PartnerCallError } from '../../src/partners/partner-errors';

const ORDER_RUN = { workflowExecution: { workflowId: 'order-A1001', runId: 'run-1' } };

/** An activity context with this info; the SDK's per-attempt INFO lines are left out. */
function activityEnv(info: ConstructorParameters<typeof MockActivityEnvironment>[0]): MockActivityEnvironment {
  return new MockActivityEnvironment(info, { logger: new DefaultLogger('WARN') });
}

/** Runs `call` as the `reserve-inventory` step of order A1001 and returns what it ended in. */
function runStep<T>(env: MockActivityEnvironment, call: (options: StepCallOptions) => Promise<T>): Promise<T> {
  return env.run(() => runPartnerStep('reserve-inventory', call));
}

function rateLimited(retryAfterMs: number): PartnerCallError {
  return new PartnerCallError(
    'inventory answered 429',
    'inventory',
    'reserve',
    'PartnerRateLimited',
    true,
    429,
    retryAfterMs,
  );
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('the step succeeded; it was expected to fail');
    },
    (err: unknown) => err,
  );
}

describe('runPartnerStep, the wrapper around every partner call', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the workflow id plus the step as the idempotency key, the same on every attempt and run', async () => {
    const keys = await Promise.all([
      runStep(activityEnv({ ...ORDER_RUN, attempt: 1 }), async ({ idempotencyKey }) => idempotencyKey),
      runStep(activityEnv({ ...ORDER_RUN, attempt: 4 }), async ({ idempotencyKey }) => idempotencyKey),
      runStep(
        activityEnv({ workflowExecution: { workflowId: 'order-A1001', runId: 'run-after-reset' } }),
        async ({ idempotencyKey }) => idempotencyKey,
      ),
    ]);
    expect(keys).toEqual([
      'order-A1001:reserve-inventory',
      'order-A1001:reserve-inventory',
      'order-A1001:reserve-inventory',
    ]);
  });

  it("turns a partner's refusal into a non-retryable failure whose type names the cause, with partner and step in its details", async () => {
    const declined = new PartnerCallError('card declined', 'payments', 'authorize', 'PaymentDeclined', false, 402);
    const failure = await failureOf(runStep(activityEnv(ORDER_RUN), () => Promise.reject(declined)));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'PaymentDeclined', nonRetryable: true });
    expect((failure as ApplicationFailure).details).toEqual([
      {
        partner: 'payments',
        operation: 'authorize',
        step: 'reserve-inventory',
        httpStatus: 402,
        code: 'PaymentDeclined',
      },
    ]);
  });

  it("retries after the partner's Retry-After when that is inside the step's budget", async () => {
    const env = activityEnv({ ...ORDER_RUN, scheduledTimestampMs: Date.now(), scheduleToCloseTimeoutMs: 60_000 });
    const failure = await failureOf(runStep(env, () => Promise.reject(rateLimited(2_000))));
    expect(failure).toMatchObject({ type: 'PartnerRateLimited', nonRetryable: false, nextRetryDelay: 2_000 });
  });

  it("gives up at once, saying why, when Retry-After reaches past the step's budget", async () => {
    const env = activityEnv({ ...ORDER_RUN, scheduledTimestampMs: Date.now(), scheduleToCloseTimeoutMs: 10_000 });
    const failure = await failureOf(runStep(env, () => Promise.reject(rateLimited(30_000))));
    expect(failure).toMatchObject({ type: 'PartnerRateLimited', nonRetryable: true });
    expect((failure as Error).message).toMatch(/Retry-After 30000 ms is beyond this step's remaining budget/);
  });

  it('aborts the partner request when the activity is cancelled, and ends as cancelled rather than as a partner failure', async () => {
    const env = activityEnv(ORDER_RUN);
    let requestAborted = false;
    const step = runStep(env, ({ signal }) => {
      setImmediate(() => env.cancel());
      return new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => {
          requestAborted = true;
          reject(new PartnerCallError('request aborted', 'inventory', 'reserve', 'PartnerUnavailable', true));
        }),
      );
    });
    const failure = await failureOf(step);
    expect(requestAborted).toBe(true);
    expect(failure).toBeInstanceOf(CancelledFailure);
  });

  it('heartbeats only once a call has run a third of its heartbeat timeout, and stops when it ends', async () => {
    vi.useFakeTimers();
    const env = activityEnv({ ...ORDER_RUN, heartbeatTimeoutMs: 900 });
    let heartbeats = 0;
    env.on('heartbeat', () => heartbeats++);
    let answer: (value: string) => void = () => undefined;
    const step = runStep(env, () => new Promise<string>((resolve) => (answer = resolve)));

    await vi.advanceTimersByTimeAsync(299);
    expect(heartbeats).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(heartbeats).toBe(1);
    answer('reserved');
    await expect(step).resolves.toBe('reserved');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(heartbeats).toBe(1);
  });
});
