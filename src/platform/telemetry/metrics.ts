import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The event-loop delay sampler's timer interval. Every delay it reports includes this interval, so
 * readers subtract it (an idle loop reads as the resolution itself); 10 ms keeps the timer's own
 * cost negligible while still catching a blocked loop.
 */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/**
 * OrderOps's own metrics (names start `orderops_`), plus Node's process metrics (`process_*`,
 * `nodejs_*`: memory, CPU, event-loop delay) from prom-client. The SDK's worker metrics (`temporal_*`)
 * come from the Temporal runtime and are served on the same endpoint (metrics-endpoint.ts).
 * Label values are bounded sets (partner, operation, outcome): never an order id or a customer.
 */
export class OrderOpsMetrics {
  readonly registry = new Registry();

  readonly partnerCalls = new Counter({
    name: 'orderops_partner_calls_total',
    help: 'HTTP calls to partners, by partner, operation and outcome (ok, refused, transient, unreachable, cancelled)',
    labelNames: ['partner', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly partnerCallSeconds = new Histogram({
    name: 'orderops_partner_call_duration_seconds',
    help: 'Time from sending a partner request to its whole answer (or failure), by partner and operation',
    labelNames: ['partner', 'operation'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly scoringSeconds = new Histogram({
    name: 'orderops_scoring_duration_seconds',
    help: "Time to score one order's route candidates, by outcome (ok, failed, cancelled)",
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  readonly orders = new Counter({
    name: 'orderops_orders_total',
    help: 'Orders that ended on this worker, by outcome (COMPLETED, CANCELLED, REJECTED, FAILED); counted once, never on replay',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly compensations = new Counter({
    name: 'orderops_compensations_total',
    help: 'Compensations orders ran (release stock, void authorization...), by outcome (done, not-needed, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly apiRequests = new Counter({
    name: 'orderops_api_requests_total',
    help: 'HTTP API requests, by route pattern, method, status and API key name (none when auth is off or the key was refused)',
    labelNames: ['route', 'method', 'status', 'key'] as const,
    registers: [this.registry],
  });

  readonly apiRequestSeconds = new Histogram({
    name: 'orderops_api_request_duration_seconds',
    help: 'Time to answer an HTTP API request, by route pattern and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  }
}

let metrics: OrderOpsMetrics | undefined;

/** The process's one set of metrics: every part of a process counts into the same registry. */
export function orderOpsMetrics(): OrderOpsMetrics {
  metrics ??= new OrderOpsMetrics();
  return metrics;
}
