import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthEndpoint, placeOrderEndpoint } from '../../../src/front-doors/api/contract/endpoints';
import { findFreePort } from '../../../src/platform/free-port';
import { projectRoot } from '../../../src/platform/config';
import { eventually } from '../../support/eventually';
import { exited } from '../../support/worker-process';
import { sampleOrder } from '../../support/orderops-stack';
import { expectDocumented, send } from './support/api-harness';

/**
 * `orderops api` as a real process, pointed at a port where no Temporal listens: it must listen
 * anyway, say so on /healthz, and answer 503 with Retry-After instead of refusing connections.
 */
describe('the API with Temporal unreachable, as a real process', () => {
  let api: ChildProcess;
  let url: string;
  let output = '';

  beforeAll(async () => {
    const [apiPort, nowhere] = [await findFreePort(), await findFreePort()];
    url = `http://127.0.0.1:${apiPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: `127.0.0.1:${nowhere}`,
      ORDEROPS_API_PORT: String(apiPort),
      LOG_LEVEL: 'info',
    };
    // No keys: the API listens on loopback only.
    for (const name of ['ORDEROPS_API_KEYS', 'ORDEROPS_API_KEYS_FILE', 'ORDEROPS_API_HOST', 'ORDEROPS_METRICS_PORT'])
      delete env[name];
    api = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot(), 'src/front-doors/cli/main.ts'), 'api'], {
      cwd: projectRoot(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      'the API to listen',
      async () => {
        if (api.exitCode !== null) throw new Error(`the API exited ${api.exitCode}:\n${output}`);
        return send('GET', `${url}/healthz`).catch(() => undefined);
      },
      60_000,
    );
  });
  afterAll(async () => {
    api?.kill('SIGTERM');
    if (api) await exited(api);
  });

  it('answers /healthz with temporal: unreachable', async () => {
    const health = await send('GET', `${url}/healthz`);
    expect(health.status).toBe(503);
    expectDocumented(healthEndpoint, health);
    expect(health.body).toMatchObject({ status: 'unavailable', temporal: 'unreachable' });
  });

  it('answers POST /orders with 503, Retry-After and the error object', async () => {
    const placing = await send('POST', `${url}/orders`, { json: sampleOrder() });
    expect(placing.status).toBe(503);
    expectDocumented(placeOrderEndpoint, placing);
    expect(Number(placing.headers['retry-after'])).toBeGreaterThan(0);
    expect(placing.body).toMatchObject({ error: 'TemporalUnavailable', message: expect.stringContaining('retry') });
  });

  it('says once in its log what to do', () => {
    expect(output).toContain('is `npm start` running? or set TEMPORAL_ADDRESS');
  });
});
