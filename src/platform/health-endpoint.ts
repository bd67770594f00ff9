import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isShuttingDown } from './shutdown';

export interface Readiness {
  ready: boolean;
  /** Why not, in words, for the operator reading the healthcheck's output. */
  detail: string;
}

export interface HealthEndpoint {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /livez` and `GET /readyz` for a long-running process that has no HTTP port of its own (the
 * workers), on ORDEROPS_HEALTH_PORT, loopback only: a container healthcheck runs inside the
 * container. Live means the event loop answers; ready means `readiness()` says so and the process is
 * not draining (a stopping worker is alive but must not count as serving).
 */
export async function serveHealth(options: {
  port: number;
  host?: string;
  readiness: () => Readiness;
}): Promise<HealthEndpoint> {
  const server = http.createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET' || (path !== '/livez' && path !== '/readyz')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'NotFound', message: 'GET /livez or /readyz' }));
      return;
    }
    if (path === '/livez') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'alive' }));
      return;
    }
    const readiness: Readiness = isShuttingDown()
      ? { ready: false, detail: 'draining: shutting down' }
      : options.readiness();
    res
      .writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: readiness.ready ? 'ready' : 'not-ready', detail: readiness.detail }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host ?? '127.0.0.1' }, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The container healthcheck's probe, with no curl in the image: `node dist/platform/health-endpoint.js
 * <port> [livez|readyz]` exits 0 when the endpoint answers 200, 1 otherwise.
 */
async function probe(argv: string[]): Promise<number> {
  const [port, which = 'readyz'] = argv;
  if (!port || (which !== 'livez' && which !== 'readyz')) {
    process.stderr.write('usage: health-endpoint <port> [livez|readyz]\n');
    return 1;
  }
  try {
    const response = await fetch(`http://127.0.0.1:${port}/${which}`, { signal: AbortSignal.timeout(3_000) });
    process.stdout.write(`${await response.text()}\n`);
    return response.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void probe(process.argv.slice(2)).then((code) => process.exit(code));
}
