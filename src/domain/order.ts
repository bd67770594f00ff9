import { z } from 'zod';

/**
 * The order as other services send it. Pure code: the API, the CLI and the workflow all validate
 * with this one schema, so a field is refused with the same message wherever it enters.
 */
export const SUPPORTED_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'PLN'] as const;
export type Currency = (typeof SUPPORTED_CURRENCIES)[number];

const MAX_ITEMS = 100;
const MAX_QUANTITY = 1_000;
const MAX_UNIT_PRICE_MINOR = 100_000_000;

const identifier = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, `${what} must be 1-64 letters, digits, '.', '_' or '-'`);

// Free text is stored, shown in the Web UI and sent to partners as UTF-8: a lone surrogate cannot be
// encoded (it would silently become U+FFFD) and control characters corrupt logs and labels.
const LONE_SURROGATE = /\p{Cs}/u;
const hasControlCharacter = (value: string) =>
  [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
const text = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .refine((value) => !LONE_SURROGATE.test(value), `${what} must be valid Unicode text (it holds a lone surrogate)`)
    .refine((value) => !hasControlCharacter(value), `${what} must not contain control characters`);

const lineItemSchema = z.strictObject({
  sku: identifier('sku'),
  quantity: z
    .number({ error: 'quantity must be a number' })
    .int('quantity must be a whole number')
    .positive('quantity must be at least 1')
    .max(MAX_QUANTITY, `quantity must be at most ${MAX_QUANTITY}`),
  unitPriceMinor: z
    .number({ error: 'unitPriceMinor must be a number (minor units, e.g. cents)' })
    .int('unitPriceMinor must be a whole number of minor units')
    .nonnegative('unitPriceMinor must not be negative')
    .max(MAX_UNIT_PRICE_MINOR, `unitPriceMinor must be at most ${MAX_UNIT_PRICE_MINOR}`),
  weightGrams: z.number().int().positive().max(1_000_000).optional(),
});

const addressSchema = z.strictObject({
  name: text('name').trim().min(1, 'name must not be empty').max(200),
  line1: text('line1').trim().min(1, 'line1 must not be empty').max(200),
  line2: text('line2').max(200).optional(),
  city: text('city').trim().min(1, 'city must not be empty').max(100),
  postalCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 -]{3,10}$/, 'postalCode must be 3-10 letters, digits, spaces or dashes'),
  country: z.string().regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as FR'),
});

export const orderSchema = z.strictObject({
  orderId: identifier('orderId'),
  customerId: identifier('customerId'),
  currency: z.enum(SUPPORTED_CURRENCIES, { error: `currency must be one of ${SUPPORTED_CURRENCIES.join(', ')}` }),
  items: z
    .array(lineItemSchema, { error: 'items must be a list of line items' })
    .min(1, 'items must hold at least one line item')
    .max(MAX_ITEMS, `items must hold at most ${MAX_ITEMS} line items`),
  shippingAddress: addressSchema,
  paymentReference: z
    .string()
    .regex(/^[A-Za-z0-9_-]{4,64}$/, 'paymentReference must be a 4-64 character payment token'),
});

export type Order = z.infer<typeof orderSchema>;
export type LineItem = z.infer<typeof lineItemSchema>;
export type ShippingAddress = z.infer<typeof addressSchema>;

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `items.0.quantity`; `(body)` for the whole document. */
  field: string;
  message: string;
}

export type OrderValidation = { ok: true; order: Order } | { ok: false; problems: FieldProblem[] };

export function validateOrder(input: unknown): OrderValidation {
  const parsed = orderSchema.safeParse(input);
  if (parsed.success) return { ok: true, order: parsed.data };
  return { ok: false, problems: parsed.error.issues.map(toFieldProblem) };
}

function toFieldProblem(issue: z.core.$ZodIssue): FieldProblem {
  const field = issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return { field, message: `unknown field(s): ${issue.keys.join(', ')}` };
  }
  if (issue.path.length === 0 && issue.code === 'invalid_type') {
    return { field, message: 'the order must be a JSON object' };
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return { field, message: `${field} is required` };
  }
  return { field, message: issue.message };
}

export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}
