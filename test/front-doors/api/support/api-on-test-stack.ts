import { afterAll, beforeAll } from 'vitest';
import { startTestStack, type TestStack } from '../../../support/orderops-stack';
import { startApi, type RunningApi } from './api-harness';

export interface ApiOnTestStack {
  stack: TestStack;
  api: RunningApi;
}

/**
 * The real API in front of the test stack (dev server, partner simulator, workers), started once
 * for the calling describe block and stopped after it. Read the fields inside tests and hooks:
 * they are set by the time those run.
 */
export function useApiOnTestStack(): ApiOnTestStack {
  const fixture = {} as ApiOnTestStack;
  beforeAll(async () => {
    fixture.stack = await startTestStack();
    fixture.api = await startApi({ orders: fixture.stack.orders, client: fixture.stack.client });
  });
  afterAll(async () => {
    await fixture.api?.close();
    await fixture.stack?.stop();
  });
  return fixture;
}
