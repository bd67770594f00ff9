import type { FieldProblem } from '../../domain/order';

/** Typed errors of the OrderOps client; the API maps each to one HTTP status. */
export class OrderValidationError extends Error {
  override name = 'OrderValidationError';
  constructor(readonly problems: FieldProblem[]) {
    super(`invalid order: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
}

/** An order id already holds a different order. */
export class DuplicateOrderError extends Error {
  override name = 'DuplicateOrderError';
  constructor(
    readonly orderId: string,
    readonly differences: string[] = [],
  ) {
    super(
      `order ${orderId} already exists with a different body${differences.length > 0 ? ` (${differences.join(', ')} differ)` : ''}; use a new orderId for a new order`,
    );
  }
}

export class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
  constructor(readonly orderId: string) {
    super(`no order with id ${orderId}`);
  }
}

/** The order refused the request (e.g. cancelling after the carrier was booked). */
export class OrderRequestRefusedError extends Error {
  override name = 'OrderRequestRefusedError';
  constructor(
    readonly orderId: string,
    readonly reason: string,
  ) {
    super(`order ${orderId} refused the request: ${reason}`);
  }
}

/**
 * This order id was processed before (a later run under it was refused as a duplicate): an order
 * id is processed at most once, for ever.
 */
export class OrderAlreadyProcessedError extends Error {
  override name = 'OrderAlreadyProcessedError';
  constructor(
    readonly orderId: string,
    /** Which run processed it and how it ended, as far as Temporal still knows. */
    readonly earlier: string,
  ) {
    super(`${earlier}; use a new orderId for a new order`);
  }
}
