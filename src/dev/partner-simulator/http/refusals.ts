/** The permanent refusals partners give, with the status each answers with. */
export const REFUSAL_STATUS = {
  PaymentDeclined: 402,
  FraudRejected: 403,
  OutOfStock: 409,
  AddressInvalid: 422,
} as const;

export type RefusalKind = keyof typeof REFUSAL_STATUS;
export const REFUSAL_KINDS = Object.keys(REFUSAL_STATUS) as RefusalKind[];
