import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { History } from '@temporalio/common/lib/proto-utils';
import { PROCESS_ORDER_WORKFLOW, orderWorkflowId } from '../../contracts/workflow-names';
import { OrderOpsClient } from '../../front-doors/client/orderops-client';
import { createLogger } from '../../platform/logger';
import { connectClient } from '../../platform/temporal-connection';
import { startTracing } from '../../platform/telemetry/tracing';
import { startLocalSystem } from '../local-system/local-system';
import { HISTORY_ENCRYPTION_KEYS } from './history-encryption';
import { historyFileName, writeHistoryFile } from './history-files';
import type { CapturedHistory } from './capture';
import { captureOrder, waitUntil } from './scenarios/capture-orders';
import { countEvents } from './scenarios/history-checks';
import { currentWorkflowVersion } from './workflow-versions';

export const TRACED_SCENARIO = 'traced-query-update';

/**
 * Records the history the OpenTelemetry trap needs (sdk-typescript #2023): an order traced end to
 * end (the client's trace context in its headers, the workflow's interceptors making spans), queried
 * while it runs and cancelled through the cancelOrder update and its validator, with every payload
 * encrypted (the committed development key). Query handlers and validators run only live, never on
 * replay: if tracing in them moved anything later code depends on, this history stops replaying.
 */
export async function captureTracedHistory(outDir: string): Promise<CapturedHistory> {
  // Spans are made and propagated exactly as with an exporter; they are just not sent anywhere.
  const tracing = startTracing('orderops-histories', { spanProcessor: new NoopSpanProcessor() });
  const env = { ORDEROPS_ENCRYPTION_KEYS: HISTORY_ENCRYPTION_KEYS };
  const system = await startLocalSystem({
    label: 'capture-traced',
    temporal: 'auto',
    io: { env },
    cpu: { env },
    sdkLogLevel: 'ERROR',
    log: createLogger('histories', 'warn'),
  });
  const connected = await connectClient({
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: system.temporal.address,
      TEMPORAL_NAMESPACE: system.temporal.namespace,
      ...env,
    },
  });
  try {
    const orders = new OrderOpsClient(connected.client, system.queues);
    await system.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 20_000 }] });
    const order = captureOrder(TRACED_SCENARIO);
    const placed = await orders.place(order);
    let queries = 0;
    await waitUntil('the stock to be reserved while the payment is still pending', async () => {
      const view = await orders.get(order.orderId);
      queries++;
      const steps = Object.fromEntries((view.progress?.steps ?? []).map((s) => [s.step, s.state]));
      return queries >= 3 && steps['reserve-inventory'] === 'done' && steps['authorize-payment'] === 'running';
    });
    await orders.cancel(order.orderId, 'customer changed their mind');
    await orders.result(order.orderId);
    await system.partners.clearFaults();

    const history = await connected.client.workflow
      .getHandle(orderWorkflowId(order.orderId), placed.runId)
      .fetchHistory();
    const problem = tracedProblem(history);
    if (problem) throw new Error(`scenario ${TRACED_SCENARIO} did not take its path: ${problem}`);
    const file = historyFileName(
      PROCESS_ORDER_WORKFLOW,
      TRACED_SCENARIO,
      currentWorkflowVersion(PROCESS_ORDER_WORKFLOW),
    );
    const written = await writeHistoryFile(outDir, file, history);
    return { scenario: TRACED_SCENARIO, file, path: written, events: history.events?.length ?? 0 };
  } finally {
    await connected.connection.close();
    await system.stop();
    await tracing?.shutdown();
  }
}

function tracedProblem(history: History): string | undefined {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started?.header?.fields?.['_tracer-data']) return 'the start carries no trace context (_tracer-data header)';
  const encoding = Buffer.from(started.input?.payloads?.[0]?.metadata?.encoding ?? []).toString();
  if (encoding !== 'binary/encrypted') return `the order input is ${encoding || 'unencoded'}, not encrypted`;
  if (countEvents(history, 'workflowExecutionUpdateAcceptedEventAttributes') !== 1)
    return 'expected one accepted cancelOrder update';
  return undefined;
}
