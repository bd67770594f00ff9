/**
 * What a partner call can end in, classified once so the activity layer only has to translate.
 * Kept free of Temporal imports: the benchmark's plain-Node baseline uses the same client.
 */
export type PartnerName = 'inventory' | 'payments' | 'fraud' | 'carriers' | 'feeds';

export class PartnerCallError extends Error {
  override name = 'PartnerCallError';
  constructor(
    message: string,
    readonly partner: PartnerName,
    readonly operation: string,
    /** A stable cause name: `PaymentDeclined`, `AddressInvalid`, `PartnerUnavailable`, ... */
    readonly code: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
    /** From a Retry-After header: the partner told us when to come back. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** 4xx answers that mean "asking again will not help": the order itself is the problem. */
export function isPermanentRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

const TRANSIENT_CODES: Record<number, string> = {
  408: 'PartnerTimeout',
  429: 'PartnerRateLimited',
  500: 'PartnerError',
  502: 'PartnerBadGateway',
  503: 'PartnerUnavailable',
  504: 'PartnerTimeout',
};

export function transientCodeFor(status: number): string {
  return TRANSIENT_CODES[status] ?? 'PartnerError';
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
