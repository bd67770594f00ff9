import { ApplicationFailure, CancellationScope, isCancellation, type ActivityOptions } from '@temporalio/workflow';
import type { CarrierQuoteReport, QuoteModel, QuoteSummary } from '../../contracts/order-workflow';
import { ORDER_STEPS, quoteStepFor } from '../../contracts/order-steps';
import { orderWeightGrams } from '../../domain/money';
import type { CarrierQuote } from '../../partners/partner-api';
import { mapBounded } from './bounded-fan-out';
import { describeStepFailure } from './failures';
import type { OrderRun } from './order-run';
import * as policy from './policies';

export interface Candidates {
  carrierIds: string[];
  /** Empty: any warehouse that holds the items. */
  warehouseIds: string[];
  /** Where they came from: the synced store, or the partners and why. */
  source: string;
}

/**
 * Quotes the candidate carriers, at most QUOTE_CONCURRENCY at a time, until QUOTE_DEADLINE_MS,
 * and goes on with what has arrived. Fails the order only when fewer than MIN_QUOTES arrived.
 * Three models (docs/concurrency-model.md); runs started before v3 always quote one activity per
 * carrier under a workflow-side deadline.
 */
export async function collectQuotes(run: OrderRun, candidates: Candidates, model: QuoteModel): Promise<CarrierQuote[]> {
  const { quotes, carriers } =
    run.v3 && model === 'one-activity'
      ? await quoteInOneActivity(run, candidates)
      : await quotePerCarrier(run, candidates, model);
  const received = quotes.length;
  const summary: QuoteSummary = {
    requested: candidates.carrierIds.length,
    received,
    partial: received < candidates.carrierIds.length,
  };
  run.tracker.quoted(run.v3 ? { ...summary, carriers } : summary);
  if (received < policy.MIN_QUOTES && !CancellationScope.current().consideredCancelled) {
    const failure = noQuotesFailure(carriers);
    run.tracker.failed(failure);
    throw ApplicationFailure.create({ type: failure.type, message: failure.message, nonRetryable: true });
  }
  return quotes;
}

async function quoteInOneActivity(
  run: OrderRun,
  candidates: Candidates,
): Promise<{ quotes: CarrierQuote[]; carriers: CarrierQuoteReport[] }> {
  const { order } = run;
  try {
    return await run.tracker.step(
      ORDER_STEPS.quoteCarriers,
      () =>
        run.calls.quoteCarriers({
          orderId: order.orderId,
          carrierIds: candidates.carrierIds,
          destination: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
          weightGrams: orderWeightGrams(order),
          warehouseIds: candidates.warehouseIds,
          concurrency: policy.QUOTE_CONCURRENCY,
          perCarrierMs: policy.QUOTE_PER_CARRIER_MS,
          deadlineMs: policy.QUOTE_DEADLINE_MS,
        }),
      { optional: true },
    );
  } catch (err) {
    if (isCancellation(err)) throw err;
    // The quoting step itself failed (say, no I/O worker for a minute): no carrier refused anything.
    const failure = describeStepFailure(err, 'carriers', ORDER_STEPS.quoteCarriers.step);
    const outcome = failure.type.startsWith('Timeout') ? 'timed-out' : 'cancelled';
    return {
      quotes: [],
      carriers: candidates.carrierIds.map((carrierId) => ({
        carrierId,
        outcome,
        detail: `quoting failed: ${failure.message}`,
      })),
    };
  }
}

async function quotePerCarrier(
  run: OrderRun,
  candidates: Candidates,
  model: QuoteModel,
): Promise<{ quotes: CarrierQuote[]; carriers: CarrierQuoteReport[] }> {
  const { order, calls } = run;
  const quotes: CarrierQuote[] = [];
  const carriers: CarrierQuoteReport[] = candidates.carrierIds.map((carrierId) => ({
    carrierId,
    outcome: 'never-asked',
  }));
  const options: ActivityOptions = run.v3 ? policy.QUOTE_ONE_CARRIER : policy.QUOTE_CARRIER;
  const input = (carrierId: string) => ({
    carrierId,
    orderId: order.orderId,
    destination: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
    weightGrams: orderWeightGrams(order),
    warehouseIds: candidates.warehouseIds,
  });
  await CancellationScope.withTimeout(policy.QUOTE_DEADLINE_MS, () =>
    mapBounded(candidates.carrierIds, policy.QUOTE_CONCURRENCY, async (carrierId) => {
      const index = candidates.carrierIds.indexOf(carrierId);
      const quote =
        model === 'local-activity-per-carrier'
          ? calls.quoteOneCarrierLocally(carrierId)
          : calls.quoteOneCarrier(carrierId, options);
      try {
        quotes.push(
          await run.tracker.step(
            { step: quoteStepFor(carrierId), partner: 'carriers' },
            () => quote(input(carrierId)),
            { optional: true },
          ),
        );
        carriers[index] = { carrierId, outcome: 'quoted' };
      } catch (err) {
        const failure = describeStepFailure(err, 'carriers', 'quote');
        carriers[index] = isCancellation(err)
          ? { carrierId, outcome: 'cancelled' }
          : {
              carrierId,
              outcome: failure.type.startsWith('Timeout') ? 'timed-out' : 'refused',
              detail: failure.message,
            };
        throw err;
      }
    }),
  );
  return { quotes, carriers };
}

function noQuotesFailure(carriers: CarrierQuoteReport[]) {
  const count = (outcome: CarrierQuoteReport['outcome']) => carriers.filter((c) => c.outcome === outcome).length;
  const refused = count('refused');
  const timedOut = count('timed-out');
  const cutOff = count('cancelled') + count('never-asked');
  const first = carriers.find((c) => c.outcome === 'refused' || c.outcome === 'timed-out');
  return {
    partner: 'carriers',
    step: ORDER_STEPS.quoteCarriers.step,
    type: refused === carriers.length ? 'CarriersRefused' : 'NoCarrierQuotes',
    message:
      `no usable quote from ${carriers.length} carrier(s): ${refused} refused, ${timedOut} timed out, ${cutOff} cut off at the ` +
      `${policy.QUOTE_DEADLINE_MS} ms deadline${first ? ` (first failure: ${first.carrierId}: ${first.detail ?? first.outcome})` : ''}`,
  };
}
