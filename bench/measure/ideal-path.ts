import { QUOTE_CONCURRENCY } from '../../src/workflows/order/policies';

export interface IdealPath {
  quoteWaves: number;
  listCarriersMs: number;
  /** The parallel stage: the slowest of reserve, authorize, fraud and the quote waves. */
  parallelStageMs: number;
  scoringMs: number;
  bookAndCaptureMs: number;
  totalMs: number;
}

/**
 * The fastest an order can possibly finish with these partner latencies: list carriers, then the
 * parallel stage (required calls alongside ceil(carriers / QUOTE_CONCURRENCY) waves of quotes),
 * then the scorer's own compute time, then booking and capture one after the other.
 */
export function idealCriticalPath(options: {
  partnerLatencyMs: number;
  carriers: number;
  scoringMs: number;
}): IdealPath {
  const latency = options.partnerLatencyMs;
  const quoteWaves = Math.ceil(options.carriers / QUOTE_CONCURRENCY);
  const parallelStageMs = Math.max(latency, quoteWaves * latency);
  const bookAndCaptureMs = 2 * latency;
  return {
    quoteWaves,
    listCarriersMs: latency,
    parallelStageMs,
    scoringMs: options.scoringMs,
    bookAndCaptureMs,
    totalMs: latency + parallelStageMs + options.scoringMs + bookAndCaptureMs,
  };
}
