import path from 'node:path';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import { orderOpsMetrics } from '../platform/telemetry/metrics';
import { activeTracing, DISCARD_SPANS } from '../platform/telemetry/tracing';
import type { OrderMetricsSinks } from './workflow-interceptors/order-outcomes';

/**
 * The workflow-side interceptors every workflow bundle carries, whether tracing is on or not: the
 * code a worker runs is then the code the replay suite replays, and switching tracing on is not a
 * workflow code change.
 */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  // Beside this file, .ts from the sources or .js once compiled.
  path.join(__dirname, 'workflow-interceptors', `order-outcomes${path.extname(__filename)}`),
];

/**
 * Tracing and metrics options for every Worker (and the replay worker): activity spans continue the
 * workflow's trace, workflow spans leave the sandbox through the `exporter` sink (discarded when
 * tracing is off), and order outcomes reach `orderops_orders_total` through the `orderMetrics` sink.
 */
export function workerTelemetryOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const tracing = activeTracing() ?? DISCARD_SPANS;
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: {
      exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource),
      ...orderMetricsSinks(),
    },
  };
}

function orderMetricsSinks(): InjectedSinks<OrderMetricsSinks> {
  const metrics = orderOpsMetrics();
  return {
    orderMetrics: {
      finished: {
        fn: (_info, event) => {
          metrics.orders.inc({ outcome: event.outcome });
          for (const outcome of event.compensations) metrics.compensations.inc({ outcome });
        },
        callDuringReplay: false,
      },
    },
  };
}
