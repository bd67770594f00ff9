import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { Registry } from 'prom-client';

export interface MetricsEndpoint {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /metrics`: Prometheus text of this process, on ORDEROPS_METRICS_PORT, loopback only (no
 * authentication; a Prometheus elsewhere scrapes through a sidecar or an authenticating proxy).
 * Serves the process's prom-client registry and, for workers, the SDK runtime's exporter text
 * (`sdkMetricsUrl`, a private loopback port) appended, so one scrape sees both.
 */
export async function serveMetrics(options: {
  port: number;
  registry: Registry;
  sdkMetricsUrl?: string;
}): Promise<MetricsEndpoint> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
      return;
    }
    // `?sdk=false`: this process's own metrics only, answered in the same event-loop turn (the bench
    // opens its measurement windows this way, even on a loop that is blocked between turns).
    const withSdk = !/[?&]sdk=false\b/.test(req.url ?? '');
    metricsText({ registry: options.registry, sdkMetricsUrl: withSdk ? options.sdkMetricsUrl : undefined }).then(
      (text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
      (err: unknown) =>
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: '127.0.0.1' }, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function metricsText(options: { registry: Registry; sdkMetricsUrl?: string }): Promise<string> {
  const own = await options.registry.metrics();
  if (!options.sdkMetricsUrl) return own;
  const response = await request(options.sdkMetricsUrl, { headersTimeout: 2_000, bodyTimeout: 2_000 });
  const sdk = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`the SDK's exporter answered HTTP ${response.statusCode}`);
  return `${own.trimEnd()}\n${sdk}`;
}
