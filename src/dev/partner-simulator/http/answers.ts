import { REFUSAL_STATUS, type RefusalKind } from './refusals';

/** What a partner operation decided to answer, before it is put on the wire (or remembered). */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

export function ok(status: number, body: unknown): Answer {
  return { status, body };
}

export function failure(status: number, error: string, message: string, field?: string): Answer {
  const body: ErrorBody = field === undefined ? { error, message } : { error, message, field };
  return { status, body };
}

export function refusal(kind: RefusalKind, message: string): Answer {
  return failure(REFUSAL_STATUS[kind], kind, message);
}

const INJECTED_REFUSAL_MESSAGES: Record<RefusalKind, string> = {
  PaymentDeclined: 'the payment was declined by the issuer',
  FraudRejected: 'the order was rejected by fraud screening',
  OutOfStock: 'no warehouse holds every item in stock',
  AddressInvalid: 'the shipping address is not deliverable',
};

export function injectedRefusal(kind: RefusalKind): Answer {
  return { ...refusal(kind, INJECTED_REFUSAL_MESSAGES[kind]), headers: { 'x-simulator-fault': 'refuse' } };
}

const ERROR_NAMES: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

export function injectedError(status: number, retryAfterSeconds?: number): Answer {
  const headers: Record<string, string> = { 'x-simulator-fault': 'error' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return { ...failure(status, ERROR_NAMES[status] ?? 'Error', `injected fault: ${status}`), headers };
}
