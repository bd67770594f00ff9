import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface WorkerMetricsSnapshot {
  /** How late the event loop ran a timer, resolution subtracted; 0 means on time. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /**
   * Share of the window the loop spent late, in %. The percentiles count one sample per timer tick,
   * so a loop blocked for seconds yields a single sample; this weighs each delay by its length.
   */
  eventLoopLatePercent: number;
  rssMb: number;
  heapUsedMb: number;
  /** Where RSS beyond the used heap sits: heap V8 reserved, and memory outside it (buffers, native addons). */
  heapTotalMb: number;
  externalMb: number;
  /** CPU time this process used in the window (all threads), as a share of one core: 200 = two cores busy. */
  cpuPercent: number;
  /** Delay samples behind the percentiles, and how long the window has been open. */
  samples: number;
  windowMs: number;
}

/**
 * The histogram records the interval between its own timer ticks, so an idle loop reads as the
 * resolution itself; subtracting it leaves the delay other work caused. 10 ms keeps the timer's
 * own cost negligible while still catching a blocked loop.
 */
export const EVENT_LOOP_RESOLUTION_MS = 10;

const MB = 1024 * 1024;

/** Event-loop delay and memory of this process, over a window that `reset()` restarts. */
export class WorkerMetrics {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  private windowStartedAt = performance.now();
  private cpuAtWindowStart = process.cpuUsage();

  start(): this {
    this.histogram.enable();
    return this;
  }

  stop(): void {
    this.histogram.disable();
  }

  reset(): void {
    this.histogram.reset();
    this.windowStartedAt = performance.now();
    this.cpuAtWindowStart = process.cpuUsage();
  }

  snapshot(): WorkerMetricsSnapshot {
    const delay = (nanoseconds: number): number => round1(Math.max(0, nanoseconds / 1e6 - EVENT_LOOP_RESOLUTION_MS));
    const samples = this.histogram.count;
    const memory = process.memoryUsage();
    const windowMs = performance.now() - this.windowStartedAt;
    const cpu = process.cpuUsage(this.cpuAtWindowStart);
    return {
      eventLoopDelayMs: samples === 0 ? { p50: 0, p99: 0, max: 0 } : {
        p50: delay(this.histogram.percentile(50)),
        p99: delay(this.histogram.percentile(99)),
        max: delay(this.histogram.max),
      },
      eventLoopLatePercent: samples === 0 || windowMs <= 0 ? 0 : round1(Math.min(100, (samples * Math.max(0, this.histogram.mean / 1e6 - EVENT_LOOP_RESOLUTION_MS) * 100) / windowMs)),
      rssMb: round1(memory.rss / MB),
      heapUsedMb: round1(memory.heapUsed / MB),
      heapTotalMb: round1(memory.heapTotal / MB),
      externalMb: round1(memory.external / MB),
      cpuPercent: windowMs > 0 ? round1(((cpu.user + cpu.system) / 1000 / windowMs) * 100) : 0,
      samples,
      windowMs: Math.round(windowMs),
    };
  }
}

export interface WorkerMetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /metrics` and `POST /metrics/reset` on loopback only: it is for the benchmark and an operator
 * on the same host reading one worker process while it runs, not a public monitoring surface.
 */
export async function serveWorkerMetrics(metrics: WorkerMetrics, port: number): Promise<WorkerMetricsServer> {
  const server = http.createServer((request, response) => {
    const route = `${request.method} ${request.url}`;
    if (route === 'GET /metrics') return answer(response, 200, metrics.snapshot());
    if (route === 'POST /metrics/reset') {
      metrics.reset();
      return answer(response, 200, metrics.snapshot());
    }
    return answer(response, 404, { error: 'NotFound', message: 'GET /metrics or POST /metrics/reset' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** What a worker process starts when ORDEROPS_WORKER_METRICS_PORT is set. */
export async function startWorkerMetricsEndpoint(port: number): Promise<WorkerMetricsServer> {
  const metrics = new WorkerMetrics().start();
  const server = await serveWorkerMetrics(metrics, port);
  return {
    port: server.port,
    async close() {
      metrics.stop();
      await server.close();
    },
  };
}
