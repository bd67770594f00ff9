import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PinoSdkLogger } from '../../src/workers/run-worker-process';

function capture(): { logger: PinoSdkLogger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) });
  return {
    logger: new PinoSdkLogger(pino({ level: 'debug' }, sink)),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("the SDK's log lines in a worker's log", () => {
  it('logs a failed workflow with its message and type (not `"error":{}`), a business rejection at info', () => {
    const { logger, lines } = capture();
    logger.warn('Workflow failed', {
      workflowId: 'order-A1',
      error: ApplicationFailure.create({
        type: 'PaymentDeclined',
        message: 'the card was declined',
        nonRetryable: true,
      }),
    });
    const [line] = lines();
    expect(line).toMatchObject({
      level: 30,
      msg: 'Workflow failed',
      workflowId: 'order-A1',
      failureType: 'PaymentDeclined',
    });
    expect((line?.err as { message?: string }).message).toBe('the card was declined');
    expect(line).not.toHaveProperty('error');
  });

  it('keeps a retryable failure a warning, and drops task tokens', () => {
    const { logger, lines } = capture();
    logger.warn('Activity failed', {
      activityType: 'authorizePayment',
      taskToken: 'CiQ4ZjA0...',
      error: ApplicationFailure.create({ type: 'PartnerUnavailable', message: '503' }),
    });
    const [line] = lines();
    expect(line).toMatchObject({ level: 40, activityType: 'authorizePayment', failureType: 'PartnerUnavailable' });
    expect(line).not.toHaveProperty('taskToken');
  });
});
