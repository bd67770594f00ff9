import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelOrderUpdate,
  statusQuery,
  type OrderResult,
  type OrderStatusView,
  type ProcessOrderOptions,
} from '../../src/contracts/order-workflow';
import { NEEDS_ATTENTION } from '../../src/contracts/search-attributes';
import { PROCESS_ORDER_WORKFLOW } from '../../src/contracts/workflow-names';
import { sampleOrder } from '../../src/domain/sample-order';
import type { processOrder } from '../../src/workflows/order/process-order';
import {
  CARRIER_IDS,
  happyPartners,
  ORDER_ACTIVITY_NAMES,
  quoteFrom,
  refusal,
  type OrderActivityFakes,
} from '../support/fake-order-activities';
import { Gate, WorkflowTestEnv } from '../support/workflow-test-env';

/**
 * processOrder's branches, one spec each, against fake partners: the workflow code is the real
 * one (bundled as the I/O worker bundles it), every activity a test double. Each run takes well
 * under a second of workflow time; the end-to-end files keep the stories that need real HTTP.
 */
describe('processOrder, branch by branch, with fake partners', () => {
  let t: WorkflowTestEnv;
  beforeAll(async () => {
    t = await WorkflowTestEnv.start('process-order-branches', ORDER_ACTIVITY_NAMES);
  });
  afterAll(async () => {
    await t?.stop();
  });

  function start(
    fakes: OrderActivityFakes,
    order: Record<string, unknown> = sampleOrder(),
    options: ProcessOrderOptions = {},
  ): Promise<WorkflowHandle<typeof processOrder>> {
    const workflowId = t.use('order-branch', fakes);
    const queue = t.taskQueue;
    return t.client.workflow.start<typeof processOrder>(PROCESS_ORDER_WORKFLOW, {
      workflowId,
      taskQueue: queue,
      args: [
        order as Parameters<typeof processOrder>[0],
        { taskQueues: { orders: queue, partnerIo: queue, routeScoring: queue }, ...options },
      ],
    });
  }

  /** The order's rejection: its type and the status view it carries. */
  async function rejection(
    handle: WorkflowHandle<typeof processOrder>,
  ): Promise<{ type: string | undefined; view: OrderStatusView }> {
    const err = await handle.result().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return {
      type: (cause as ApplicationFailure).type ?? undefined,
      view: (cause as ApplicationFailure).details?.[0] as OrderStatusView,
    };
  }

  it('completes on the route the scorer chose, asking each partner once', async () => {
    const partners = happyPartners();
    const result: OrderResult = await (await start(partners)).result();
    expect(result).toMatchObject({
      status: 'COMPLETED',
      route: { carrierId: 'carrier-03', chosenBy: 'scorer' },
      booking: { bookingId: 'booking-carrier-03' },
      compensations: [],
    });
    expect([...partners.log].sort()).toEqual(
      [
        'claimOrder',
        'planFulfilment',
        'listCarriers',
        'reserveInventory',
        'authorizePayment',
        'checkFraud',
        'quoteCarriers',
        'scoreRoutes',
        'bookCarrier',
        'capturePayment',
      ].sort(),
    );
  });

  it('with route scoring unavailable, ships with the cheapest quote and says so', async () => {
    const partners = happyPartners();
    partners.scoreRoutes = () => Promise.reject(refusal('ScoringUnavailable', 'no CPU worker answered'));
    const handle = await start(partners);
    const result = await handle.result();
    expect(result.route).toMatchObject({
      carrierId: 'carrier-02',
      costMinor: quoteFrom('carrier-02').priceMinor,
      chosenBy: 'cheapest-quote',
    });
    expect(result.booking?.bookingId).toBe('booking-carrier-02');
    const view = await handle.query(statusQuery);
    expect(view.steps.find((s) => s.step === 'score-routes')).toMatchObject({
      state: 'failed',
      detail: expect.stringContaining('ScoringUnavailable'),
    });
  });

  it('reviews a large order for fraud a second time once stock and payment are held; a small one only once', async () => {
    const large = happyPartners();
    const small = happyPartners();
    const [largeResult, smallResult] = await Promise.all([
      start(large, sampleOrder({ items: [{ sku: 'SKU-0001', quantity: 100, unitPriceMinor: 1_999 }] })).then((h) =>
        h.result(),
      ),
      start(small).then((h) => h.result()),
    ]);
    expect([largeResult.status, smallResult.status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(large.log.filter((call) => call === 'checkFraud')).toHaveLength(2);
    expect(large.log.indexOf('checkFraud', large.log.indexOf('checkFraud') + 1)).toBeGreaterThan(
      Math.max(large.log.indexOf('reserveInventory'), large.log.indexOf('authorizePayment')),
    );
    expect(small.log.filter((call) => call === 'checkFraud')).toHaveLength(1);
  });

  it('goes on with a partial quote set when the deadline cut carriers off, and reports each carrier', async () => {
    const partners = happyPartners();
    partners.quoteCarriers = async () => ({
      quotes: [quoteFrom('carrier-01')],
      carriers: [
        { carrierId: 'carrier-01', outcome: 'quoted' },
        { carrierId: 'carrier-02', outcome: 'timed-out', detail: 'no answer within 1500 ms' },
        { carrierId: 'carrier-03', outcome: 'never-asked' },
      ],
    });
    const result = await (await start(partners)).result();
    expect(result.status).toBe('COMPLETED');
    expect(result.quotes).toEqual({
      requested: 3,
      received: 1,
      partial: true,
      carriers: [
        { carrierId: 'carrier-01', outcome: 'quoted' },
        { carrierId: 'carrier-02', outcome: 'timed-out', detail: 'no answer within 1500 ms' },
        { carrierId: 'carrier-03', outcome: 'never-asked' },
      ],
    });
    expect(result.route?.carrierId).toBe('carrier-01');
  });

  it('quoting one activity per carrier, frees a lane when a hung carrier runs out of its budget and cuts the rest off at the deadline (waits the 4 s deadline)', async () => {
    const partners = happyPartners();
    // Twelve carriers, four lanes, 1.5 s a carrier, 4 s in all: three waves of hung carriers cannot all be asked.
    const carrierIds = Array.from({ length: 12 }, (_, i) => `carrier-${String(i + 1).padStart(2, '0')}`);
    partners.listCarriers = async () => carrierIds.map((carrierId, i) => ({ carrierId, name: carrierId, hubNode: i }));
    partners.quoteCarrier = async (input) => {
      if (input.carrierId !== 'carrier-01') await new Gate().pass();
      return quoteFrom(input.carrierId);
    };
    const result = await (await start(partners, sampleOrder(), { quoteModel: 'activity-per-carrier' })).result();

    expect(result).toMatchObject({
      status: 'COMPLETED',
      route: { carrierId: 'carrier-01' },
      quotes: { requested: 12, received: 1, partial: true },
    });
    const outcomes = result.quotes?.carriers ?? [];
    expect(outcomes[0]).toEqual({ carrierId: 'carrier-01', outcome: 'quoted' });
    const timedOut = outcomes.filter((c) => c.outcome === 'timed-out');
    expect(timedOut.length).toBeGreaterThan(0);
    for (const carrier of timedOut) expect(carrier.detail).toMatch(/timed out|Timeout/i);
    expect(outcomes.filter((c) => c.outcome === 'cancelled' || c.outcome === 'never-asked').length).toBeGreaterThan(0);
  });

  it('with no quote at all, rejects the order (CarriersRefused or NoCarrierQuotes) and undoes stock and payment', async () => {
    const refused = happyPartners();
    refused.quoteCarriers = async (input) => ({
      quotes: [],
      carriers: input.carrierIds.map((carrierId) => ({
        carrierId,
        outcome: 'refused' as const,
        detail: 'AddressInvalid',
      })),
    });
    const cutOff = happyPartners();
    // The deadline came with one carrier still over its own budget and the others never reached.
    cutOff.quoteCarriers = async (input) => ({
      quotes: [],
      carriers: input.carrierIds.map((carrierId, i) => ({
        carrierId,
        outcome: i === 0 ? ('timed-out' as const) : ('never-asked' as const),
      })),
    });
    const [byRefusal, byDeadline] = await Promise.all([start(refused).then(rejection), start(cutOff).then(rejection)]);

    expect(byRefusal.type).toBe('CarriersRefused');
    expect(byDeadline.type).toBe('NoCarrierQuotes');
    expect(byDeadline.view.failure?.message).toMatch(/0 refused, 1 timed out, 2 cut off at the 4000 ms deadline/);
    for (const [{ view }, partners] of [
      [byRefusal, refused],
      [byDeadline, cutOff],
    ] as const) {
      expect(view).toMatchObject({ status: 'REJECTED', failure: { partner: 'carriers', step: 'quote-carriers' } });
      expect(partners.log).not.toContain('bookCarrier');
      expect(
        partners.log.filter((call) => call.startsWith('releaseInventory') || call.startsWith('voidPayment')).sort(),
      ).toEqual(['releaseInventory res-1', 'voidPaymentAuthorization auth-1']);
    }
  });

  it('the first required leg to fail for good wins: the others are cancelled, and only what may have happened is undone', async () => {
    const partners = happyPartners();
    const held = { reserve: new Gate(), fraud: new Gate(), quotes: new Gate() };
    partners.reserveInventory = () =>
      held.reserve.pass().then(() => ({ reservationId: 'never', orderId: 'never', warehouses: [] }));
    partners.checkFraud = () => held.fraud.pass().then(() => ({ score: 0, decision: 'approve' as const }));
    partners.quoteCarriers = () => held.quotes.pass().then(() => ({ quotes: [], carriers: [] }));
    partners.authorizePayment = async () => {
      await Promise.all([held.reserve.reached, held.fraud.reached, held.quotes.reached]);
      throw refusal('PaymentDeclined', 'card declined');
    };
    const { type, view } = await rejection(await start(partners));

    expect(type).toBe('PaymentDeclined');
    expect(view.failure).toMatchObject({ partner: 'payments', step: 'authorize-payment', type: 'PaymentDeclined' });
    const state = (step: string) => view.steps.find((s) => s.step === step)?.state;
    expect([state('reserve-inventory'), state('check-fraud'), state('quote-carriers')]).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    // The reservation was cut off in flight: released by its key, if the partner took it. The declined card needs nothing.
    expect(view.compensations).toEqual([{ step: 'release-inventory', partner: 'inventory', outcome: 'not-needed' }]);
    expect(partners.log).toEqual(expect.arrayContaining(['releaseInventoryIfTaken']));
    expect(partners.log.filter((call) => call.startsWith('void'))).toEqual([]);
  });

  it('undoes the steps in the reverse of the order they completed in, each exactly once', async () => {
    const partners = happyPartners();
    let reviews = 0;
    partners.checkFraud = async () => {
      reviews += 1;
      if (reviews === 2) throw refusal('FraudRejected', 'second review rejected the order');
      return { score: 0.2, decision: 'approve' as const };
    };
    const handle = await start(
      partners,
      sampleOrder({ items: [{ sku: 'SKU-0001', quantity: 100, unitPriceMinor: 1_999 }] }),
    );
    const { type, view } = await rejection(handle);

    expect(type).toBe('FraudRejected');
    const completedInOrder = await completedActivityTypes(handle);
    const held = completedInOrder.filter((name) => name === 'reserveInventory' || name === 'authorizePayment');
    const undoOf: Record<string, string> = {
      reserveInventory: 'releaseInventory res-1',
      authorizePayment: 'voidPaymentAuthorization auth-1',
    };
    const undone = partners.log.filter((call) => call.startsWith('releaseInventory') || call.startsWith('voidPayment'));
    expect(undone).toEqual(held.map((name) => undoOf[name]).reverse());
    expect(view.compensations.map((c) => c.outcome)).toEqual(['done', 'done']);
    expect(view.compensations.map((c) => c.step)).toEqual(
      held.map((name) => (name === 'reserveInventory' ? 'release-inventory' : 'void-authorization')).reverse(),
    );
  });

  it('an undo that fails for good is recorded with its reason, and the order is marked NeedsAttention', async () => {
    const partners = happyPartners();
    partners.quoteCarriers = async (input) => ({
      quotes: [],
      carriers: input.carrierIds.map((carrierId) => ({ carrierId, outcome: 'refused' as const })),
    });
    partners.voidPaymentAuthorization = () =>
      Promise.reject(refusal('AuthorizationUnknown', 'payments does not know auth-1'));
    const handle = await start(partners);
    const { view } = await rejection(handle);

    expect(view.compensations).toContainEqual({
      step: 'void-authorization',
      partner: 'payments',
      outcome: 'failed',
      detail: expect.stringContaining('AuthorizationUnknown'),
    });
    expect(view.attention).toEqual([
      { partner: 'payments', step: 'void-authorization', reason: expect.stringContaining('AuthorizationUnknown') },
    ]);
    const { searchAttributes } = await handle.describe();
    expect(searchAttributes[NEEDS_ATTENTION.name]).toEqual([true]);
  });

  it('refuses a cancel once the carrier is being booked, and completes', async () => {
    const partners = happyPartners();
    const booking = new Gate();
    const book = partners.bookCarrier;
    partners.bookCarrier = async (input) => {
      await booking.pass();
      return book(input);
    };
    const handle = await start(partners);
    await booking.reached;

    const refused = await handle
      .executeUpdate(cancelOrderUpdate, { args: [{ reason: 'customer asked' }] })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toMatch(/already booked/);
    booking.release();
    expect((await handle.result()).status).toBe('COMPLETED');
  });

  it("an operator's workflow cancel during booking lets booking and capture finish: the order completes, with a note", async () => {
    const partners = happyPartners();
    const booking = new Gate();
    const book = partners.bookCarrier;
    partners.bookCarrier = async (input) => {
      await booking.pass();
      return book(input);
    };
    const handle = await start(partners);
    await booking.reached;
    await handle.cancel();
    booking.release();

    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'COMPLETED',
      captureId: 'capture-auth-1',
      note: expect.stringContaining('booking had started'),
    });
    expect(partners.log).toContain('capturePayment');
  });

  it('an accepted cancel decides the outcome: the answer is the real final state, with what was undone', async () => {
    const partners = happyPartners();
    const quotes = new Gate();
    partners.quoteCarriers = () => quotes.pass().then(() => ({ quotes: [], carriers: [] }));
    const handle = await start(partners);
    await quotes.reached;

    const answer = await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'customer asked' }] });
    expect(answer).toMatchObject({ status: 'CANCELLED', reason: 'customer asked' });
    expect(answer.compensations.map((c) => `${c.step}:${c.outcome}`).sort()).toEqual([
      'release-inventory:done',
      'void-authorization:done',
    ]);
    expect(await handle.result()).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'customer asked' } });
  });

  it('the cancel validator refuses a cancel without a reason, and one while the order is already being rejected', async () => {
    const partners = happyPartners();
    const quotes = new Gate();
    const undoing = new Gate();
    partners.quoteCarriers = () => quotes.pass().then(() => ({ quotes: [], carriers: [] }));
    partners.releaseInventory = async () => {
      await undoing.pass();
      return { released: true };
    };
    partners.checkFraud = async () => {
      await quotes.reached;
      throw refusal('FraudRejected', 'fraud said no');
    };
    const handle = await start(partners);
    await quotes.reached;
    const noReason = await handle
      .executeUpdate(cancelOrderUpdate, { args: [{ reason: '  ' }] })
      .catch((err: unknown) => err);
    expect(String((noReason as WorkflowUpdateFailedError).cause?.message)).toMatch(/needs a reason/);

    await undoing.reached;
    const whileRejecting = await handle
      .executeUpdate(cancelOrderUpdate, { args: [{ reason: 'customer asked' }] })
      .catch((err: unknown) => err);
    expect(whileRejecting).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((whileRejecting as WorkflowUpdateFailedError).cause?.message)).toMatch(
      /already being rejected \(fraud: FraudRejected\)/,
    );
    undoing.release();
    expect((await rejection(handle)).type).toBe('FraudRejected');
  });

  it('refuses a second run for an order id already processed, before calling any partner (DuplicateOrder)', async () => {
    const partners = happyPartners();
    const earlier = {
      orderId: 'A1',
      workflowId: 'order-A1',
      firstRunId: 'run-0',
      claimedAt: '2026-12-01T00:00:00.000Z',
    };
    partners.claimOrder = async () => {
      partners.log.push('claimOrder');
      return { claimed: false, earlier };
    };
    const { type, view } = await rejection(await start(partners));
    expect(type).toBe('DuplicateOrder');
    expect(view.failure?.message).toMatch(/already processed by run run-0 of order-A1/);
    expect(partners.log).toEqual(['claimOrder']);
  });

  it('rejects an invalid order at once, naming the field, without any activity', async () => {
    const partners = happyPartners();
    const handle = await start(partners, sampleOrder({ items: [] }));
    const err = await handle.result().catch((failure: unknown) => failure);
    expect((err as WorkflowFailedError).cause).toMatchObject({
      type: 'InvalidOrder',
      message: expect.stringContaining('items'),
    });
    expect(partners.log).toEqual([]);
  });

  it('with every carrier known from the store, asks no carrier list', async () => {
    const partners = happyPartners();
    partners.planFulfilment = async () => ({
      source: 'store',
      warehouses: [{ warehouseId: 'wh-02', node: 4 }],
      carrierIds: CARRIER_IDS,
      syncedAt: '2026-12-04T00:00:00.000Z',
      ageSeconds: 60,
    });
    const result = await (await start(partners)).result();
    expect(result.candidatesFrom).toMatch(/synced store, 60 s old/);
    expect(partners.log).not.toContain('listCarriers');
  });

  async function completedActivityTypes(handle: WorkflowHandle): Promise<string[]> {
    const { events } = await handle.fetchHistory();
    const scheduled = new Map<string, string>();
    const completed: string[] = [];
    for (const event of (events ?? []) as temporal.api.history.v1.IHistoryEvent[]) {
      const s = event.activityTaskScheduledEventAttributes;
      if (s) scheduled.set(String(event.eventId), s.activityType?.name ?? '');
      const c = event.activityTaskCompletedEventAttributes;
      if (c) completed.push(scheduled.get(String(c.scheduledEventId)) ?? '');
    }
    return completed;
  }
});
