import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { OrderOpsClient } from '../../src/front-doors/client/orderops-client';
import type { Order } from '../../src/domain/order';
import type { OrderResult, ProcessOrderOptions } from '../../src/contracts/order-workflow';
import type { TaskQueues } from '../../src/contracts/task-queues';
import { orderWorkflowId, PROCESS_ORDER_WORKFLOW } from '../../src/contracts/workflow-names';

export interface OrderOutcome {
  orderId: string;
  workflowId: string;
  ok: boolean;
  /** From just before the start call to the result arriving at the client. */
  e2eMs: number;
  /** performance.now() at the start call. */
  startedAt: number;
  error?: string;
  result?: OrderResult;
}

export interface OrderDriver {
  orders: OrderOpsClient;
  client: Client;
  /** Workflow ids started and not yet finished, for the cleanup after a scenario. */
  inFlight: Set<string>;
}

/**
 * Places one order through the typed client and waits for its result, as a calling service would.
 * With `options` (the bench's quote models), the order is started with the Temporal client itself,
 * passing processOrder's second argument, which the typed client does not expose.
 */
export async function runOrder(
  driver: OrderDriver,
  order: Order,
  options?: { queues: TaskQueues; run: ProcessOrderOptions },
): Promise<OrderOutcome> {
  const startedAt = performance.now();
  let workflowId = orderWorkflowId(order.orderId);
  try {
    const placed = options
      ? await startWithOptions(driver.client, order, options.queues, options.run)
      : await driver.orders.place(order);
    workflowId = placed.workflowId;
    driver.inFlight.add(workflowId);
    const result = (await driver.client.workflow.getHandle(placed.workflowId, placed.runId).result()) as OrderResult;
    driver.inFlight.delete(workflowId);
    return {
      orderId: order.orderId,
      workflowId,
      ok: result.status === 'COMPLETED',
      e2eMs: performance.now() - startedAt,
      startedAt,
      result,
    };
  } catch (err) {
    driver.inFlight.delete(workflowId);
    const message =
      (err as { cause?: { message?: string } }).cause?.message ?? (err instanceof Error ? err.message : String(err));
    return {
      orderId: order.orderId,
      workflowId,
      ok: false,
      e2eMs: performance.now() - startedAt,
      startedAt,
      error: message,
    };
  }
}

async function startWithOptions(
  client: Client,
  order: Order,
  queues: TaskQueues,
  run: ProcessOrderOptions,
): Promise<{ workflowId: string; runId: string }> {
  const workflowId = orderWorkflowId(order.orderId);
  const handle = await client.workflow.start(PROCESS_ORDER_WORKFLOW, {
    workflowId,
    taskQueue: queues.orders,
    args: [order, { taskQueues: queues, ...run }],
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}

/** `count` orders with at most `concurrency` in flight: the light, steady load latency is measured at. */
export async function runClosedLoop(options: {
  count: number;
  concurrency: number;
  next: () => Promise<OrderOutcome>;
  onDone?: (outcome: OrderOutcome) => void;
}): Promise<OrderOutcome[]> {
  const outcomes: OrderOutcome[] = [];
  let started = 0;
  const lane = async (): Promise<void> => {
    while (started < options.count) {
      started++;
      const outcome = await options.next();
      outcomes.push(outcome);
      options.onDone?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, lane));
  return outcomes;
}

/**
 * Open loop: arrivals on a fixed schedule whether or not earlier orders finished, the way
 * independent customers arrive. A closed loop would slow its own arrivals down as the system
 * slows, and hide the very saturation this measures.
 */
export async function runOpenLoop(options: {
  ratePerSec: number;
  durationMs: number;
  next: () => Promise<OrderOutcome>;
  onDone?: (outcome: OrderOutcome) => void;
  /** After the last arrival, orders still running this much later count as failed. */
  giveUpAfterMs?: number;
}): Promise<OrderOutcome[]> {
  const total = Math.max(1, Math.round((options.ratePerSec * options.durationMs) / 1000));
  const intervalMs = 1000 / options.ratePerSec;
  const begin = performance.now();
  const pending: Promise<OrderOutcome>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = begin + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      options.next().then((outcome) => {
        options.onDone?.(outcome);
        return outcome;
      }),
    );
  }
  if (options.giveUpAfterMs === undefined) return Promise.all(pending);
  const timer = new AbortController();
  const giveUp = sleep(options.giveUpAfterMs, 'gave-up' as const, { signal: timer.signal }).catch(
    () => 'settled' as const,
  );
  try {
    return await Promise.all(
      pending.map(async (outcome, index) => {
        const first = await Promise.race([outcome, giveUp]);
        return first === 'gave-up' || first === 'settled' ? unfinished(index, options.giveUpAfterMs as number) : first;
      }),
    );
  } finally {
    timer.abort();
  }
}

function unfinished(index: number, giveUpAfterMs: number): OrderOutcome {
  return {
    orderId: `#${index}`,
    workflowId: '',
    ok: false,
    e2eMs: NaN,
    startedAt: NaN,
    error: `still running ${giveUpAfterMs} ms after the last arrival`,
  };
}

/**
 * Arrivals on a fixed schedule that only place orders, without waiting for them: load meant to
 * stay in flight (a saturated scoring queue, slow partners). Returns the workflow ids placed.
 */
export async function placeAtRate(
  driver: OrderDriver,
  options: {
    ratePerSec: number;
    count: number;
    create: () => Order;
    onPlaced?: () => void;
  },
): Promise<string[]> {
  const intervalMs = 1000 / options.ratePerSec;
  const begin = performance.now();
  const placing: Promise<string>[] = [];
  for (let i = 0; i < options.count; i++) {
    const wait = begin + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    placing.push(
      driver.orders.place(options.create()).then((placed) => {
        driver.inFlight.add(placed.workflowId);
        options.onPlaced?.();
        return placed.workflowId;
      }),
    );
  }
  return Promise.all(placing);
}
