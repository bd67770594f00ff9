import { ActivityCancellationType, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';

/**
 * Every timing decision of processOrder, in one place, with its reason.
 * startToClose bounds one attempt; scheduleToClose bounds all attempts together; heartbeatTimeout
 * is what lets a cancellation reach an activity at all (it is delivered with a heartbeat reply);
 * scheduleToStart surfaces a backlog instead of letting work wait silently.
 * cancellationType is always set: the SDK's documented default and its actual default differ.
 */

/** Quotes that have not arrived by then are cancelled; the order goes on with the ones it has. */
export const QUOTE_DEADLINE_MS = 4_000;
/** A workflow-side limit: carriers are quoted at most this many at a time, never in one burst. */
export const QUOTE_CONCURRENCY = 4;
/** The fewest quotes an order can proceed with. */
export const MIN_QUOTES = 1;
/**
 * One carrier's budget, all attempts included. Well under the deadline, so a lane held by a hung
 * carrier is freed in time for the carriers behind it: with 4 lanes, 12 carriers and 4 of them
 * hanging, the other 8 are still asked before the deadline.
 */
export const QUOTE_PER_CARRIER_MS = 1_500;

const PARTNER_HEARTBEAT = '3s'; // partner calls heartbeat every second while waiting on HTTP
const PARTNER_SCHEDULE_TO_START = '30s'; // longer means the I/O workers are down or saturated: fail loudly

/** Reservation and authorization must finish before compensation can know what to undo. */
export const RESERVE_INVENTORY: ActivityOptions = {
  startToCloseTimeout: '5s', // the inventory API answers in ~100 ms; 5 s is a sick partner
  scheduleToCloseTimeout: '60s', // stock is held for the order for a minute at most while retrying
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: PARTNER_HEARTBEAT,
  retry: {
    initialInterval: '500ms',
    backoffCoefficient: 2,
    maximumInterval: '10s',
    nonRetryableErrorTypes: ['OutOfStock'],
  },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

export const AUTHORIZE_PAYMENT: ActivityOptions = {
  startToCloseTimeout: '10s', // card networks are slow on a bad day
  scheduleToCloseTimeout: '2m', // a customer waits at most this long for the card to clear
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: PARTNER_HEARTBEAT,
  retry: {
    initialInterval: '500ms',
    backoffCoefficient: 2,
    maximumInterval: '15s',
    nonRetryableErrorTypes: ['PaymentDeclined'],
  },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

export const CHECK_FRAUD: ActivityOptions = {
  startToCloseTimeout: '5s',
  scheduleToCloseTimeout: '45s',
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: PARTNER_HEARTBEAT,
  retry: {
    initialInterval: '500ms',
    backoffCoefficient: 2,
    maximumInterval: '10s',
    nonRetryableErrorTypes: ['FraudRejected'],
  },
  // Read-only: nothing to undo, so do not wait for the partner to acknowledge a cancellation.
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

export const LIST_CARRIERS: ActivityOptions = {
  startToCloseTimeout: '5s',
  scheduleToCloseTimeout: '30s',
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: PARTNER_HEARTBEAT,
  retry: { initialInterval: '300ms', backoffCoefficient: 2, maximumInterval: '5s' },
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/** Runs started before v3: one activity per carrier, whose retries could outlive the deadline. */
export const QUOTE_CARRIER: ActivityOptions = {
  startToCloseTimeout: '3s', // a quote slower than this is useless to a checkout
  scheduleToCloseTimeout: '10s', // bounded anyway by QUOTE_DEADLINE_MS in the workflow
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: '2s',
  retry: {
    initialInterval: '200ms',
    backoffCoefficient: 2,
    maximumInterval: '2s',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['AddressInvalid'],
  },
  // At the deadline we move on at once; the abort still reaches the HTTP request through the heartbeat.
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/**
 * Every carrier quoted inside one activity (the default since v3): the fan-out, the lane limit,
 * the per-carrier budget and the deadline are applied by the I/O worker with async I/O, and the
 * order pays one activity's history events instead of one per carrier. Quotes are read-only and
 * keyed per carrier, so a retried attempt simply asks again.
 */
export const QUOTE_CARRIERS: ActivityOptions = {
  startToCloseTimeout: QUOTE_DEADLINE_MS + 2_000, // the deadline plus time to hand the partial set back
  // A crashed I/O worker is noticed within the heartbeat timeout and the quotes are asked again on
  // another (or the restarted) one; a minute covers a restart, like the reservation's budget.
  scheduleToCloseTimeout: '1m',
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: '2s', // heartbeats once a second while carriers are being asked
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s' },
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/** Quick retries that fit three attempts inside one carrier's budget; a bad address is final. */
const ONE_CARRIER_RETRY = {
  initialInterval: '100ms',
  backoffCoefficient: 2,
  maximumInterval: '500ms',
  maximumAttempts: 3,
  nonRetryableErrorTypes: ['AddressInvalid'],
} as const satisfies ActivityOptions['retry'];

/** One carrier per activity (v3 bench models): its budget is the per-carrier budget, so lanes free up in time. */
export const QUOTE_ONE_CARRIER: ActivityOptions = {
  startToCloseTimeout: QUOTE_PER_CARRIER_MS,
  scheduleToCloseTimeout: QUOTE_PER_CARRIER_MS,
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  retry: ONE_CARRIER_RETRY,
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/** The same budget for a carrier quoted as a local activity on the orders worker (bench model). */
export const QUOTE_ONE_CARRIER_LOCAL: LocalActivityOptions = {
  startToCloseTimeout: QUOTE_PER_CARRIER_MS,
  scheduleToCloseTimeout: QUOTE_PER_CARRIER_MS,
  retry: ONE_CARRIER_RETRY,
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

export const BOOK_CARRIER: ActivityOptions = {
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '10m', // once we book, we keep trying: the idempotency key makes retries safe
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: PARTNER_HEARTBEAT,
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    nonRetryableErrorTypes: ['AddressInvalid'],
  },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

export const CAPTURE_PAYMENT: ActivityOptions = {
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '30m', // the parcel is booked: capturing must get through, so retry long
  scheduleToStartTimeout: PARTNER_SCHEDULE_TO_START,
  heartbeatTimeout: PARTNER_HEARTBEAT,
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

/** Compensations run in a non-cancellable scope and retry for an hour: undoing must not give up early. */
export const COMPENSATE: ActivityOptions = {
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '1h',
  heartbeatTimeout: PARTNER_HEARTBEAT,
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

/**
 * Route scoring on the CPU queue. scheduleToStart is where a saturated CPU fleet shows: past it,
 * the order goes on with the cheapest quote and says so, rather than waiting without a word.
 */
export const SCORE_ROUTES: ActivityOptions = {
  startToCloseTimeout: '60s',
  scheduleToCloseTimeout: '3m',
  scheduleToStartTimeout: '2m',
  heartbeatTimeout: '5s', // the pool's progress is heartbeated from the main thread
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '10s',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['NoCandidates'],
  },
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/**
 * Planning from the synced store: a local activity (indexed reads of a local SQLite file, done in
 * the workflow worker's process). Short and few attempts: if the store cannot answer quickly,
 * asking the partners directly is the better fallback.
 */
export const PLAN_FULFILMENT: LocalActivityOptions = {
  startToCloseTimeout: '2s',
  scheduleToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumAttempts: 3 },
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/**
 * Claiming the order id in the shared store: a local activity on the orders worker. It must answer
 * before any partner is called, so it retries for a while rather than letting the order go on
 * unclaimed.
 */
export const CLAIM_ORDER: LocalActivityOptions = {
  startToCloseTimeout: '2s',
  scheduleToCloseTimeout: '1m',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s' },
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};
