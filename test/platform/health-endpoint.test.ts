import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { serveHealth, type HealthEndpoint, type Readiness } from '../../src/platform/health-endpoint';

const run = promisify(execFile);
const PROBE = path.resolve(__dirname, '..', '..', 'src', 'platform', 'health-endpoint.ts');

async function get(
  port: number,
  what: string,
): Promise<{ status: number; body: { status?: string; detail?: string } }> {
  const response = await request(`http://127.0.0.1:${port}/${what}`);
  return { status: response.statusCode, body: (await response.body.json()) as { status?: string; detail?: string } };
}

async function probe(port: number, what: string): Promise<number> {
  return run(process.execPath, ['--import', 'tsx', PROBE, String(port), what]).then(
    () => 0,
    (err: { code?: number }) => err.code ?? -1,
  );
}

describe('a worker health endpoint for container healthchecks', () => {
  let endpoint: HealthEndpoint | undefined;
  afterEach(async () => endpoint?.close());

  it('is live as soon as it listens, and ready only when the process says so, with the reason', async () => {
    let state: Readiness = { ready: false, detail: 'starting: connecting to Temporal' };
    endpoint = await serveHealth({ port: 0, readiness: () => state });
    expect(await get(endpoint.port, 'livez')).toEqual({ status: 200, body: { status: 'alive' } });
    expect(await get(endpoint.port, 'readyz')).toEqual({
      status: 503,
      body: { status: 'not-ready', detail: 'starting: connecting to Temporal' },
    });
    state = { ready: true, detail: 'polling' };
    expect(await get(endpoint.port, 'readyz')).toEqual({ status: 200, body: { status: 'ready', detail: 'polling' } });
    expect((await request(`http://127.0.0.1:${endpoint.port}/metrics`)).statusCode).toBe(404);
  });

  it('has a probe a healthcheck can run without curl: exit 0 when ready, 1 when not or unreachable', async () => {
    let ready = false;
    endpoint = await serveHealth({ port: 0, readiness: () => ({ ready, detail: ready ? 'polling' : 'starting' }) });
    expect(await probe(endpoint.port, 'livez')).toBe(0);
    expect(await probe(endpoint.port, 'readyz')).toBe(1);
    ready = true;
    expect(await probe(endpoint.port, 'readyz')).toBe(0);
    const { port } = endpoint;
    await endpoint.close();
    endpoint = undefined;
    expect(await probe(port, 'livez')).toBe(1);
  }, 60_000);
});
