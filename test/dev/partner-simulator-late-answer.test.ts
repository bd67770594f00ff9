import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorAdminError, startPartnerSimulator, type PartnerSimulator } from '../../src/dev/partner-simulator';
import { createLogger } from '../../src/platform/logger';

/** The fault behind "stock left held": the partner acts, and its answer arrives after the caller gave up. */
describe('partner simulator: an answer that arrives after the deadline although the partner acted', () => {
  let simulator: PartnerSimulator;

  beforeAll(async () => {
    const logger = createLogger('partner-simulator-late');
    logger.level = 'warn';
    simulator = await startPartnerSimulator({ port: 0, seed: 7, logger });
  });
  afterAll(async () => simulator?.close());

  async function reserveGivingUpAfter(ms: number, key: string): Promise<{ status: number } | 'gave up'> {
    try {
      const response = await request(`${simulator.url}/inventory/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ orderId: 'o-late', items: [{ sku: 'SKU-0001', quantity: 1 }] }),
        signal: AbortSignal.timeout(ms),
      });
      await response.body.text();
      return { status: response.statusCode };
    } catch {
      return 'gave up';
    }
  }

  it('reserves under the key although every attempt gives up before the answer, and the lookup finds it', async () => {
    await simulator.admin.setFaults({ rules: [{ target: 'inventory.reserve', lateAnswerMs: 60_000 }] });
    expect(await reserveGivingUpAfter(300, 'late-1')).toBe('gave up');
    expect(await reserveGivingUpAfter(300, 'late-1')).toBe('gave up');
    const { entries } = await simulator.admin.ledger({ idempotencyKey: 'late-1' });
    expect(entries.map((e) => ({ operation: e.operation, status: e.status, timesSeen: e.timesSeen }))).toEqual([
      { operation: 'inventory.reserve', status: 201, timesSeen: 2 },
    ]);
    // The lookup the workflow settles an in-doubt reservation with is a read: not delayed.
    const lookup = await request(`${simulator.url}/inventory/reservations?idempotencyKey=late-1`);
    expect(lookup.statusCode).toBe(200);
    expect(((await lookup.body.json()) as { reservationId?: string }).reservationId).toBe(
      (entries[0]?.response as { reservationId: string }).reservationId,
    );
    await simulator.admin.clearFaults();
  });

  it('answers at once when the selector skips a request', async () => {
    await simulator.admin.setFaults({ rules: [{ target: 'inventory.reserve', lateAnswerMs: 60_000, failFirst: 1 }] });
    expect(await reserveGivingUpAfter(300, 'late-2')).toBe('gave up');
    expect(await reserveGivingUpAfter(30_000, 'late-3')).toEqual({ status: 201 });
    await simulator.admin.clearFaults();
  });

  it('refuses a rule that combines it with another failure mode, or puts it on a feed', async () => {
    const refused = async (rule: object) =>
      simulator.admin.setFaults({ rules: [rule as never] }).catch((err: unknown) => err);
    const combined = await refused({ target: 'payments.authorize', lateAnswerMs: 1_000, hang: true });
    expect(combined).toBeInstanceOf(SimulatorAdminError);
    expect((combined as SimulatorAdminError).message).toMatch(/choose one failure mode per rule/);
    const onFeed = await refused({ target: 'feeds', lateAnswerMs: 1_000 });
    expect((onFeed as SimulatorAdminError).message).toMatch(/lateAnswerMs/);
  });
});
