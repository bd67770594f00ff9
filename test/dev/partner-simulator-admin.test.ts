import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createSimulatorApp } from '../../src/dev/partner-simulator/server';
import { SimulatorState } from '../../src/dev/partner-simulator/state';
import { buildWorld } from '../../src/dev/partner-simulator/world/world';

describe("the partner simulator's /_admin routes", () => {
  const app = createSimulatorApp(new SimulatorState(buildWorld({})), pino({ level: 'silent' }));

  it('answer a caller on loopback', async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const answer = await app.inject({ method: 'GET', url: '/_admin/faults', remoteAddress });
      expect(answer.statusCode, remoteAddress).toBe(200);
    }
  });

  it('refuse any other caller with 403, and do not apply its faults', async () => {
    const faults = { rules: [{ target: 'payments.authorize', error: 503 }] };
    const put = await app.inject({ method: 'PUT', url: '/_admin/faults', remoteAddress: '10.1.2.3', payload: faults });
    expect(put.statusCode).toBe(403);
    expect(put.json()).toMatchObject({ error: 'Forbidden' });
    const ledger = await app.inject({ method: 'GET', url: '/_admin/ledger', remoteAddress: '192.168.1.20' });
    expect(ledger.statusCode).toBe(403);
    const current = await app.inject({ method: 'GET', url: '/_admin/faults', remoteAddress: '127.0.0.1' });
    expect(current.json()).toMatchObject({ rules: [] });
  });

  it('leave the partner routes open to every caller', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.1.2.3' });
    expect(health.statusCode).toBe(200);
  });
});
