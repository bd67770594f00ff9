import { request } from 'undici';
import type { WorkerMetricsSnapshot } from '../../src/workers/worker-metrics';

/** Reads a worker process's own metrics endpoint (ORDEROPS_WORKER_METRICS_PORT). */
export class WorkerMetricsClient {
  constructor(private readonly port: number) {}

  read(): Promise<WorkerMetricsSnapshot> {
    return this.call('GET', '/metrics');
  }

  /** Opens a new measurement window; returns the state at that moment. */
  reset(): Promise<WorkerMetricsSnapshot> {
    return this.call('POST', '/metrics/reset');
  }

  private async call(method: 'GET' | 'POST', path: string): Promise<WorkerMetricsSnapshot> {
    const response = await request(`http://127.0.0.1:${this.port}${path}`, { method });
    const body = await response.body.json();
    if (response.statusCode !== 200) throw new Error(`worker metrics ${method} ${path} answered ${response.statusCode}`);
    return body as WorkerMetricsSnapshot;
  }
}
