import { describe, expect, it } from 'vitest';
import { foldSteps, rejectedView, summariseQuotes } from '../../../src/front-doors/client/order-view';
import { isTransientTemporalError } from '../../../src/front-doors/client/transient';
import { TemporalUnreachableError } from '../../../src/platform/temporal-connection';

const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('the order view', () => {
  it('folds twelve quote steps into one line and puts failing and running steps first', () => {
    const quoteSteps = Array.from({ length: 12 }, (_, i) => ({
      step: `quote-carrier:carrier-${String(i + 1).padStart(2, '0')}`,
      partner: 'carriers',
      state: i < 9 ? ('done' as const) : i < 11 ? ('running' as const) : ('cancelled' as const),
    }));
    const steps = foldSteps([
      { step: 'reserve-inventory', partner: 'inventory', state: 'done' },
      ...quoteSteps,
      { step: 'check-fraud', partner: 'fraud', state: 'failed' },
      { step: 'authorize-payment', partner: 'payments', state: 'running' },
    ]);
    expect(steps.map((s) => [s.step, s.state])).toEqual([
      ['check-fraud', 'failed'],
      ['authorize-payment', 'running'],
      ['quote-carriers', 'running'],
      ['reserve-inventory', 'done'],
    ]);
    expect(steps[2]?.detail).toBe('9 quoted, 2 asking, 1 cut off of 12 carrier(s)');
  });

  it('counts carrier outcomes instead of listing them', () => {
    expect(
      summariseQuotes({
        requested: 4,
        received: 2,
        partial: true,
        carriers: [
          { carrierId: 'a', outcome: 'quoted' },
          { carrierId: 'b', outcome: 'quoted' },
          { carrierId: 'c', outcome: 'timed-out' },
          { carrierId: 'd', outcome: 'never-asked' },
        ],
      }),
    ).toEqual({ requested: 4, received: 2, partial: true, outcomes: { quoted: 2, 'timed-out': 1, 'never-asked': 1 } });
    expect(summariseQuotes({ requested: 3, received: 3, partial: false })).toEqual({
      requested: 3,
      received: 3,
      partial: false,
      outcomes: null,
    });
  });

  it('makes an invalid order started around the API one failure object with what to do', () => {
    const view = rejectedView(
      'A1',
      'order-A1',
      {
        type: 'InvalidOrder',
        message: 'invalid order: currency: unsupported',
        details: [{ field: 'currency', message: 'unsupported' }],
      },
      { startedAt: null, closedAt: null },
    );
    expect(view).toMatchObject({
      status: 'REJECTED',
      failure: { code: 'InvalidOrder', partner: null, step: null, whatToDo: expect.stringContaining('new orderId') },
      compensations: [],
    });
  });
});

describe('transient Temporal failures', () => {
  it('are unreachable, too slow, overloaded, or a workflow task failing under an update', () => {
    expect(isTransientTemporalError(grpcError(14, 'UNAVAILABLE: No connection established'))).toBe(true);
    expect(isTransientTemporalError(grpcError(4, 'Deadline exceeded'))).toBe(true);
    expect(isTransientTemporalError(grpcError(8, 'namespace rate limit exceeded'))).toBe(true);
    expect(isTransientTemporalError(grpcError(9, 'unexpected workflow task failure'))).toBe(true);
    expect(isTransientTemporalError(new Error('wrapped', { cause: grpcError(14, 'UNAVAILABLE') }))).toBe(true);
    expect(isTransientTemporalError(new TemporalUnreachableError('cannot reach Temporal'))).toBe(true);
  });

  it('are not refusals or bugs', () => {
    expect(isTransientTemporalError(grpcError(9, 'workflow execution already completed'))).toBe(false);
    expect(isTransientTemporalError(grpcError(5, 'workflow not found'))).toBe(false);
    expect(isTransientTemporalError(grpcError(3, 'invalid argument'))).toBe(false);
    expect(isTransientTemporalError(new Error('boom'))).toBe(false);
  });
});
