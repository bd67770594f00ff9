import { WorkflowIdReusePolicy } from '@temporalio/client';
import { statusQuery, type OrderStatusView } from '../../../contracts/order-workflow';
import type { LocalSystem } from '../../local-system/local-system';
import { PROCESS_ORDER_WORKFLOW, orderWorkflowId } from '../../../contracts/workflow-names';
import { DECLINED_PAYMENT_REFERENCE, FRAUD_CUSTOMERS, UNDELIVERABLE_POSTAL_CODE } from '../../partner-simulator';
import { captureOrder, placeAndFinish, waitUntil } from './capture-orders';
import { closedAs, countEvents, highestAttempt, scheduledActivityTypes } from './history-checks';
import type { CaptureScenario, RecordedRun } from './scenario';

const expectClosed = (expected: ReturnType<typeof closedAs>) => (history: Parameters<typeof closedAs>[0]) => {
  const actual = closedAs(history);
  return actual === expected ? undefined : `expected the run to end ${expected}, it ended ${actual}`;
};

const firstProblem = (...problems: (string | undefined)[]) => problems.find((problem) => problem !== undefined);

/** processOrder before the partner store was ever synced: its candidates come from the partners. */
export const UNSYNCED_STORE_ORDER_SCENARIOS: CaptureScenario[] = [
  {
    name: 'unsynced-store',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'empty',
    shape:
      'the partner store has never been synced: planFulfilment says so and the carriers are listed from the partner instead',
    run: (stack) => placeAndFinish(stack, captureOrder('unsynced-store')),
    check: (history) =>
      firstProblem(
        expectClosed('completed')(history),
        scheduledActivityTypes(history).includes('listCarriers')
          ? undefined
          : 'the carriers were not listed from the partner',
      ),
  },
];

/** processOrder planning from a synced store, every path whose history differs in shape. */
export const ORDER_SCENARIOS: CaptureScenario[] = [
  {
    name: 'happy-path',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape: 'everything succeeds first time: fan-out, scoring, booking, capture',
    run: (stack) => placeAndFinish(stack, captureOrder('happy-path')),
    check: expectClosed('completed'),
  },
  {
    name: 'large-order',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape: 'an order of 2,399.80 EUR, above the large-order fraud review threshold (v2 adds the second fraud review)',
    run: (stack) =>
      placeAndFinish(
        stack,
        captureOrder('large-order', {
          items: [{ sku: 'SKU-0003', quantity: 4, unitPriceMinor: 59_995, weightGrams: 2_000 }],
        }),
      ),
    check: expectClosed('completed'),
  },
  {
    name: 'partner-retries',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape: 'payments answers 503 twice: authorizePayment completes on attempt 3',
    async run(stack) {
      await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', failFirst: 2, errorStatus: 503 }] });
      return placeAndFinish(stack, captureOrder('partner-retries'));
    },
    check: (history) =>
      firstProblem(
        expectClosed('completed')(history),
        highestAttempt(history, 'authorizePayment') === 3
          ? undefined
          : `authorizePayment ended on attempt ${highestAttempt(history, 'authorizePayment')}, not 3`,
      ),
  },
  {
    name: 'declined-card',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape: 'the card is declined (non-retryable): the reserved stock is released, the order is rejected',
    run: (stack) =>
      placeAndFinish(stack, captureOrder('declined-card', { paymentReference: DECLINED_PAYMENT_REFERENCE })),
    check: (history) =>
      firstProblem(
        expectClosed('failed')(history),
        scheduledActivityTypes(history).some((type) => type.startsWith('releaseInventory'))
          ? undefined
          : 'no release of the stock was scheduled',
      ),
  },
  {
    name: 'fraud-rejected',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape:
      'fraud rejects after stock and payment are held: the authorization is voided and the stock released, in reverse order',
    async run(stack) {
      // Slow fraud down so the reservation and the authorization are both done when it rejects.
      await stack.partners.setFaults({ rules: [{ target: 'fraud', latency: 1_000 }] });
      return placeAndFinish(stack, captureOrder('fraud-rejected', { customerId: FRAUD_CUSTOMERS.reject }));
    },
    check: (history) =>
      firstProblem(
        expectClosed('failed')(history),
        ['voidPaymentAuthorization', 'releaseInventory'].every((type) => scheduledActivityTypes(history).includes(type))
          ? undefined
          : 'expected both voidPaymentAuthorization and releaseInventory as compensations',
      ),
  },
  {
    name: 'cancel-mid-fan-out',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape: 'a cancelOrder update while the payment is still pending: in-flight calls cancelled, the stock released',
    async run(stack) {
      await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 20_000 }] });
      const order = captureOrder('cancel-mid-fan-out');
      const placed = await stack.orders.place(order);
      await waitUntil('the stock to be reserved while the payment is still pending', async () => {
        const snapshot = await stack.orders.get(order.orderId);
        if (!snapshot.progress) return false;
        const steps = Object.fromEntries(snapshot.progress.steps.map((s) => [s.step, s.state]));
        return steps['reserve-inventory'] === 'done' && steps['authorize-payment'] === 'running';
      });
      await stack.orders.cancel(order.orderId, 'customer changed their mind');
      await stack.orders.result(order.orderId);
      return { workflowId: orderWorkflowId(order.orderId), runId: placed.runId };
    },
    check: (history) =>
      firstProblem(
        expectClosed('completed')(history),
        countEvents(history, 'workflowExecutionUpdateAcceptedEventAttributes') === 1
          ? undefined
          : 'expected one accepted cancelOrder update',
      ),
  },
  {
    name: 'quote-deadline',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape: 'carrier-03 hangs: its quote is cancelled at the 4 s deadline and the order completes with partial quotes',
    async run(stack) {
      await stack.partners.setFaults({ rules: [{ target: 'carrier:carrier-03.quote', hang: true }] });
      return placeAndFinish(stack, captureOrder('quote-deadline'));
    },
    check: (history) =>
      firstProblem(
        expectClosed('completed')(history),
        // Before v3 the workflow cancels the late quote; since v3 the quoteCarriers activity cuts it off itself.
        countEvents(history, 'activityTaskCancelRequestedEventAttributes') > 0 ||
          scheduledActivityTypes(history).includes('quoteCarriers')
          ? undefined
          : 'no quote was cut off at the deadline',
      ),
  },
  {
    name: 'carriers-refuse',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape: 'every carrier refuses an undeliverable address: no quotes, compensation, rejected',
    run: (stack) =>
      placeAndFinish(
        stack,
        captureOrder('carriers-refuse', {
          shippingAddress: {
            name: 'Ada Lovelace',
            line1: '1 Nowhere Lane',
            city: 'Lyon',
            postalCode: UNDELIVERABLE_POSTAL_CODE,
            country: 'FR',
          },
        }),
      ),
    check: expectClosed('failed'),
  },
  {
    name: 'invalid-order',
    workflowType: PROCESS_ORDER_WORKFLOW,
    store: 'synced',
    shape:
      'an invalid order started around the client (as with the temporal CLI): fails in validation, no activity at all',
    async run(stack) {
      const order = captureOrder('invalid-order', {
        shippingAddress: { name: 'X', line1: 'Y', city: 'Z', postalCode: '1', country: 'France' },
      });
      const handle = await stack.client.workflow.start(PROCESS_ORDER_WORKFLOW, {
        workflowId: orderWorkflowId(order.orderId),
        taskQueue: stack.config.taskQueues.orders,
        args: [order, { taskQueues: stack.config.taskQueues }],
      });
      await handle.result().catch(() => undefined);
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    },
    check: (history) =>
      firstProblem(
        expectClosed('failed')(history),
        scheduledActivityTypes(history).length === 0 ? undefined : 'an invalid order scheduled activities',
      ),
  },
  ...V3_ORDER_SCENARIOS(),
];

/** Shapes only v3 runs have (patch order-v3): they are recorded at v3 and later. */
function V3_ORDER_SCENARIOS(): CaptureScenario[] {
  const workflowType = PROCESS_ORDER_WORKFLOW;
  const store = 'synced' as const;
  return [
    {
      name: 'duplicate-order',
      workflowType,
      store,
      shape:
        'a second run under an order id an earlier run completed: the claim refuses it before any partner call (DuplicateOrder)',
      async run(stack) {
        const order = captureOrder('duplicate-order');
        await placeAndFinish(stack, order);
        const second = await stack.client.workflow.start(PROCESS_ORDER_WORKFLOW, {
          workflowId: orderWorkflowId(order.orderId),
          taskQueue: stack.config.taskQueues.orders,
          args: [order, { taskQueues: stack.config.taskQueues }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        });
        await second.result().catch(() => undefined);
        return { workflowId: second.workflowId, runId: second.firstExecutionRunId };
      },
      check: (history) =>
        firstProblem(
          expectClosed('failed')(history),
          scheduledActivityTypes(history).length === 0 ? undefined : 'the duplicate run called a partner',
        ),
    },
    {
      name: 'reservation-answer-lost',
      workflowType,
      store,
      shape:
        'inventory reserves but every answer arrives after the attempt timeout: the reservation fails in doubt and is released by key',
      async run(stack) {
        await stack.partners.setFaults({ rules: [{ target: 'inventory.reserve', lateAnswerMs: 6_000 }] });
        return placeAndFinish(stack, captureOrder('reservation-answer-lost'));
      },
      check: (history) =>
        firstProblem(
          expectClosed('failed')(history),
          scheduledActivityTypes(history).includes('releaseInventoryIfTaken')
            ? undefined
            : 'no release by key was scheduled',
        ),
    },
    {
      name: 'operator-cancel-during-booking',
      workflowType,
      store,
      shape:
        "an operator's workflow cancel while the carrier is being booked: booking and capture finish, the order completes",
      async run(stack) {
        await stack.partners.setFaults({ rules: [{ target: 'carriers.book', latency: 2_000 }] });
        return cancelWorkflowWhen(
          stack,
          captureOrder('operator-cancel-during-booking'),
          'the order to be booking',
          (view) => view.status === 'BOOKING',
        );
      },
      check: (history) =>
        firstProblem(
          expectClosed('completed')(history),
          scheduledActivityTypes(history).includes('capturePayment') ? undefined : 'the payment was not captured',
        ),
    },
    {
      name: 'operator-cancel-mid-fan-out',
      workflowType,
      store,
      shape:
        "an operator's workflow cancel while the payment is pending: compensations run, the order completes with a CANCELLED result",
      async run(stack) {
        await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 20_000 }] });
        return cancelWorkflowWhen(
          stack,
          captureOrder('operator-cancel-mid-fan-out'),
          'the stock reserved, the payment pending',
          (view) => {
            const steps = Object.fromEntries(view.steps.map((step) => [step.step, step.state]));
            return steps['reserve-inventory'] === 'done' && steps['authorize-payment'] === 'running';
          },
        );
      },
      check: (history) =>
        firstProblem(
          expectClosed('completed')(history),
          scheduledActivityTypes(history).includes('releaseInventory') ? undefined : 'the stock was not released',
        ),
    },
    {
      name: 'compensation-fails',
      workflowType,
      store,
      shape: 'fraud rejects and voiding the authorization is refused: the order is rejected and marked NeedsAttention',
      async run(stack) {
        await stack.partners.setFaults({
          rules: [
            { target: 'fraud', latency: 1_000 },
            { target: 'payments.void', refuse: 'PaymentDeclined' },
          ],
        });
        return placeAndFinish(stack, captureOrder('compensation-fails', { customerId: FRAUD_CUSTOMERS.reject }));
      },
      check: (history) =>
        firstProblem(
          expectClosed('failed')(history),
          countEvents(history, 'upsertWorkflowSearchAttributesEventAttributes') > 0
            ? undefined
            : 'no search attribute was upserted',
        ),
    },
    {
      name: 'carriers-hang',
      workflowType,
      store,
      shape:
        'four carriers hang: each times out on its own budget inside quoteCarriers, the others are still asked, the order completes',
      async run(stack) {
        const hanging = ['carrier-01', 'carrier-02', 'carrier-03', 'carrier-04'];
        await stack.partners.setFaults({
          rules: hanging.map((carrierId) => ({ target: `carrier:${carrierId}.quote`, hang: true })),
        });
        return placeAndFinish(stack, captureOrder('carriers-hang'));
      },
      check: expectClosed('completed'),
    },
    ...(['activity-per-carrier', 'local-activity-per-carrier'] as const).map((quoteModel): CaptureScenario => ({
      name: `quote-model-${quoteModel}`,
      workflowType,
      store,
      shape: `the bench's ${quoteModel} quote model: quotes fanned out by the workflow, one ${quoteModel.startsWith('local') ? 'local ' : ''}activity per carrier`,
      async run(stack) {
        const order = captureOrder(`quote-model-${quoteModel}`);
        const handle = await stack.client.workflow.start(PROCESS_ORDER_WORKFLOW, {
          workflowId: orderWorkflowId(order.orderId),
          taskQueue: stack.config.taskQueues.orders,
          args: [order, { taskQueues: stack.config.taskQueues, quoteModel }],
        });
        await handle.result().catch(() => undefined);
        return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
      },
      check: expectClosed('completed'),
    })),
  ];
}

/** Places the order, waits until its status view satisfies `ready`, then cancels the workflow as an operator would. */
async function cancelWorkflowWhen(
  stack: LocalSystem,
  order: { orderId: string },
  what: string,
  ready: (view: OrderStatusView) => boolean,
): Promise<RecordedRun> {
  const placed = await stack.orders.place(order);
  const handle = stack.client.workflow.getHandle(orderWorkflowId(order.orderId));
  await waitUntil(what, async () => ready(await handle.query(statusQuery)));
  await handle.cancel();
  await handle.result().catch(() => undefined);
  return { workflowId: handle.workflowId, runId: placed.runId };
}
