import { request } from 'undici';
import { EVENT_LOOP_RESOLUTION_MS } from '../../src/platform/telemetry/metrics';

export interface WorkerMetricsSnapshot {
  /** How late the event loop ran a timer since the window opened, resolution subtracted; 0 means on time. */
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
  windowMs: number;
}

const MB = 1024 * 1024;

/**
 * Reads a worker process's Prometheus endpoint (ORDEROPS_METRICS_PORT), as an operator's Prometheus
 * would. The event-loop gauges cover the time since the previous scrape (prom-client resets its
 * histogram on each one), so a scrape opens a window: `reset()` scrapes and remembers the CPU counter
 * and the time, `read()` scrapes again and reports the window between them.
 */
export class WorkerMetricsClient {
  private window = { startedAt: performance.now(), cpuSeconds: 0 };

  constructor(private readonly port: number) {}

  /** Opens a new measurement window. */
  async reset(): Promise<void> {
    const metrics = await this.scrape();
    this.window = { startedAt: performance.now(), cpuSeconds: metrics.get('process_cpu_seconds_total') ?? 0 };
  }

  /** The window since the last reset (or read); reading also opens the next window for the event-loop figures. */
  async read(): Promise<WorkerMetricsSnapshot> {
    const metrics = await this.scrape();
    const windowMs = performance.now() - this.window.startedAt;
    const value = (name: string): number => {
      const found = metrics.get(name);
      if (found === undefined) throw new Error(`worker metrics on port ${this.port} lack ${name}`);
      return found;
    };
    const delayMs = (name: string): number => round1(Math.max(0, value(name) * 1000 - EVENT_LOOP_RESOLUTION_MS));
    // Each tick spans the resolution plus its delay, so the late share of the window is mean delay / mean tick.
    const meanTickMs = value('nodejs_eventloop_lag_mean_seconds') * 1000;
    const cpuSeconds = value('process_cpu_seconds_total') - this.window.cpuSeconds;
    return {
      eventLoopDelayMs: {
        p50: delayMs('nodejs_eventloop_lag_p50_seconds'),
        p99: delayMs('nodejs_eventloop_lag_p99_seconds'),
        max: delayMs('nodejs_eventloop_lag_max_seconds'),
      },
      eventLoopLatePercent:
        meanTickMs > 0 ? round1((Math.max(0, meanTickMs - EVENT_LOOP_RESOLUTION_MS) / meanTickMs) * 100) : 0,
      rssMb: round1(value('process_resident_memory_bytes') / MB),
      heapUsedMb: round1(value('nodejs_heap_size_used_bytes') / MB),
      heapTotalMb: round1(value('nodejs_heap_size_total_bytes') / MB),
      externalMb: round1(value('nodejs_external_memory_bytes') / MB),
      cpuPercent: windowMs > 0 ? round1(((cpuSeconds * 1000) / windowMs) * 100) : 0,
      windowMs: Math.round(windowMs),
    };
  }

  /** Unlabelled samples by name (the process gauges this client needs have no labels). */
  private async scrape(): Promise<Map<string, number>> {
    const response = await request(`http://127.0.0.1:${this.port}/metrics?sdk=false`);
    const text = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`worker metrics answered ${response.statusCode}: ${text.slice(0, 200)}`);
    const samples = new Map<string, number>();
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)/.exec(line);
      if (match) samples.set(match[1] as string, Number(match[2]));
    }
    return samples;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
