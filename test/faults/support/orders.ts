import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { sampleOrder } from '../../../src/domain/sample-order';

/** What the batch asks of an order, so the audit knows which outcomes are expected. */
export type OrderKind = 'normal' | 'declined' | 'cancelled';

export interface SentOrder {
  orderId: string;
  kind: OrderKind;
  /** The API accepted it (202, or 200 for a retry of the same order). */
  accepted: boolean;
  /** Last refusal or transport error, when never accepted. */
  lastError?: string;
  /** For a cancelled order: the API's answer to the cancel (status code, or the transport error). */
  cancelAnswer?: Promise<string>;
}

export interface BatchOptions {
  apiUrl: string;
  size: number;
  /** Order id prefix: one per fault, so the ledger and visibility can be read per fault. */
  prefix: string;
  /** Share of orders with a declined card (rejected after stock is reserved: a compensation). */
  declinedShare?: number;
  /** Share of orders cancelled through the API shortly after they start. */
  cancelledShare?: number;
  concurrency?: number;
}

/**
 * Places a batch through the HTTP API as a well-behaved client would: an order whose POST fails
 * in transport or answers 5xx is sent again (the same order id, so idempotent) until accepted or
 * the client gives up after two minutes.
 */
export async function placeBatch(options: BatchOptions): Promise<SentOrder[]> {
  const declinedEvery = shareToEvery(options.declinedShare ?? 0.1);
  const cancelledEvery = shareToEvery(options.cancelledShare ?? 0.1);
  const orders = Array.from({ length: options.size }, (_, index) => {
    const kind: OrderKind =
      declinedEvery && index % declinedEvery === 1
        ? 'declined'
        : cancelledEvery && index % cancelledEvery === 2
          ? 'cancelled'
          : 'normal';
    const body = sampleOrder(kind === 'declined' ? { paymentReference: 'tok_declined' } : {}, options.prefix);
    return { body, sent: { orderId: body.orderId, kind, accepted: false } as SentOrder };
  });
  await forEachBounded(orders, options.concurrency ?? 16, async ({ body, sent }) => {
    const deadline = Date.now() + 120_000;
    while (!sent.accepted && Date.now() < deadline) {
      try {
        const response = await request(`${options.apiUrl}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          headersTimeout: 30_000,
          bodyTimeout: 30_000,
        });
        const text = await response.body.text();
        if (response.statusCode === 202 || response.statusCode === 200) sent.accepted = true;
        else sent.lastError = `${response.statusCode} ${text.slice(0, 200)}`;
        if (response.statusCode >= 400 && response.statusCode < 500) break;
      } catch (error) {
        sent.lastError = error instanceof Error ? error.message : String(error);
      }
      if (!sent.accepted) await sleep(500);
    }
    if (sent.accepted && sent.kind === 'cancelled') sent.cancelAnswer = cancelSoon(options.apiUrl, sent.orderId);
  });
  return orders.map((o) => o.sent);
}

/**
 * A customer changing their mind a moment later. The answer is the outcome (200), a refusal when the
 * order got too far (409), or 503 when Temporal was briefly unavailable; never a 500.
 */
async function cancelSoon(apiUrl: string, orderId: string): Promise<string> {
  await sleep(300 + Math.floor(Math.random() * 1_500));
  try {
    const response = await request(`${apiUrl}/orders/${encodeURIComponent(orderId)}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'fault suite: customer changed their mind' }),
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
    await response.body.text();
    return String(response.statusCode);
  } catch (error) {
    return `transport error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function shareToEvery(share: number): number {
  return share > 0 ? Math.max(2, Math.round(1 / share)) : 0;
}

export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await each(item);
    }
  });
  await Promise.all(lanes);
}
