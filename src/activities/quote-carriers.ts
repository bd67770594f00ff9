import { CancelledFailure, Context } from '@temporalio/activity';
import type { CarrierQuoteOutcome, CarrierQuoteReport } from '../contracts/order-workflow';
import { quoteStepFor } from '../contracts/order-steps';
import type { CarrierQuote, Destination, PartnerApi } from '../partners/partner-api';
import { PartnerCallError } from '../partners/partner-errors';
import { idempotencyKeyFor } from './partner-step';

export interface QuoteCarriersInput {
  orderId: string;
  carrierIds: string[];
  destination: Destination;
  weightGrams: number;
  warehouseIds: string[];
  /** Lanes: carriers asked at the same time. */
  concurrency: number;
  /** One carrier's budget, retries included. */
  perCarrierMs: number;
  /** After it, carriers still waiting are cut off and the ones not started are never asked. */
  deadlineMs: number;
}

export interface QuoteCarriersResult {
  quotes: CarrierQuote[];
  carriers: CarrierQuoteReport[];
}

const RETRY_DELAYS_MS = [100, 250];
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * Every carrier quoted inside one activity, with async I/O: `concurrency` lanes each take the next
 * carrier when their previous one settles; each carrier has its own budget, well under the
 * deadline, so a hung carrier frees its lane in time for the others; at the deadline what has
 * arrived is returned and the rest is cut off. Never fails for one carrier: each one's outcome is
 * reported, and the workflow decides whether the set is enough.
 */
export async function quoteCarriers(api: PartnerApi, input: QuoteCarriersInput): Promise<QuoteCarriersResult> {
  const ctx = Context.current();
  const deadline = AbortSignal.any([ctx.cancellationSignal, AbortSignal.timeout(input.deadlineMs)]);
  const reports: CarrierQuoteReport[] = input.carrierIds.map((carrierId) => ({ carrierId, outcome: 'never-asked' }));
  const quotes: CarrierQuote[] = [];
  let next = 0;
  let settled = 0;
  const heartbeat = setInterval(() => ctx.heartbeat({ settled, of: input.carrierIds.length }), HEARTBEAT_EVERY_MS);

  const lane = async (): Promise<void> => {
    while (next < input.carrierIds.length && !deadline.aborted) {
      const index = next++;
      const carrierId = input.carrierIds[index] as string;
      reports[index] = await quoteOne(api, input, carrierId, deadline, quotes);
      settled++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(Math.max(1, input.concurrency), input.carrierIds.length) }, lane));
  } finally {
    clearInterval(heartbeat);
  }
  if (ctx.cancellationSignal.aborted)
    throw new CancelledFailure(`quotes cancelled: ${String(ctx.cancellationSignal.reason)}`);
  return { quotes, carriers: reports };
}

async function quoteOne(
  api: PartnerApi,
  input: QuoteCarriersInput,
  carrierId: string,
  deadline: AbortSignal,
  quotes: CarrierQuote[],
): Promise<CarrierQuoteReport> {
  const budget = AbortSignal.timeout(input.perCarrierMs);
  const signal = AbortSignal.any([deadline, budget]);
  const body = {
    orderId: input.orderId,
    destination: input.destination,
    weightGrams: input.weightGrams,
    warehouseIds: input.warehouseIds,
  };
  const idempotencyKey = idempotencyKeyFor(quoteStepFor(carrierId));
  for (let attempt = 0; ; attempt++) {
    try {
      quotes.push(await api.quoteCarrier(carrierId, body, { idempotencyKey, signal }));
      return { carrierId, outcome: 'quoted' };
    } catch (err) {
      const retryIn = retryDelay(err, attempt);
      if (signal.aborted || retryIn === undefined) return report(carrierId, err, deadline, budget);
      await pause(retryIn, signal);
      if (signal.aborted) return report(carrierId, err, deadline, budget);
    }
  }
}

function retryDelay(err: unknown, attempt: number): number | undefined {
  if (!(err instanceof PartnerCallError) || !err.retryable) return undefined;
  return err.retryAfterMs ?? RETRY_DELAYS_MS[attempt];
}

function report(carrierId: string, err: unknown, deadline: AbortSignal, budget: AbortSignal): CarrierQuoteReport {
  let outcome: CarrierQuoteOutcome;
  if (deadline.aborted && !budget.aborted) outcome = 'cancelled';
  else if (budget.aborted) outcome = 'timed-out';
  else outcome = 'refused';
  const detail =
    err instanceof PartnerCallError ? `${err.code}: ${err.message}` : outcome === 'refused' ? String(err) : undefined;
  return { carrierId, outcome, ...(detail ? { detail } : {}) };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
