import fc from 'fast-check';
import { sampleOrder } from '../../src/domain/sample-order';

/**
 * fast-check generators of malformed orders: a valid order with one field broken (wrong type,
 * out of range, too long or too short, bad encoding or unicode, deep nesting, huge), each paired
 * with the field a refusal must name. `(body)` is the whole document, as validateOrder names it.
 */
export interface MalformedOrder {
  /** What was broken, for assertion messages and the report. */
  kind: string;
  /** The field the refusal must name. */
  field: string;
  order: unknown;
}

type Mutable = Record<string, unknown> & { items: Record<string, unknown>[]; shippingAddress: Record<string, unknown> };

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b'];
const ODD_UNICODE = ['é', 'ß', '\u0000', '\u202E', '\u200B', '\uFEFF', '😀', 'Ａ', '\u0301', 'İ', '\n', '\t', ' '];

const wrongType = fc.oneof(
  fc.integer().map((v) => ({ what: 'a number', v: v as unknown })),
  fc.boolean().map((v) => ({ what: 'a boolean', v: v as unknown })),
  fc.constant({ what: 'null', v: null as unknown }),
  fc.array(fc.string(), { maxLength: 3 }).map((v) => ({ what: 'a list', v: v as unknown })),
  fc
    .dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 })
    .map((v) => ({ what: 'an object', v: v as unknown })),
);

/** Strings an identifier (orderId, customerId, sku: 1-64 of [A-Za-z0-9_.-]) must refuse. */
const badIdentifier = fc.oneof(
  fc.constant({ what: 'empty', v: '' as unknown }),
  fc.integer({ min: 65, max: 5_000 }).map((n) => ({ what: `${n} characters`, v: 'A'.repeat(n) as unknown })),
  fc.constantFrom(...LONE_SURROGATES).map((s) => ({ what: 'a lone surrogate', v: `A${s}1` as unknown })),
  fc.constantFrom(...ODD_UNICODE).map((s) => ({ what: `unicode ${JSON.stringify(s)}`, v: `A1${s}` as unknown })),
  fc
    .constantFrom(' A1', 'A 1', '-A1', '../A1', 'A1/..', 'A1%00', '<script>', "A1' OR 1=1")
    .map((v) => ({ what: `${JSON.stringify(v)}`, v: v as unknown })),
  wrongType,
);

const badText = (max: number) =>
  fc.oneof(
    fc.constantFrom('', '   ', '\t\n').map((v) => ({ what: 'blank', v: v as unknown })),
    fc.integer({ min: max + 1, max: max * 20 }).map((n) => ({ what: `${n} characters`, v: 'x'.repeat(n) as unknown })),
    fc.constantFrom(...LONE_SURROGATES).map((s) => ({ what: 'a lone surrogate', v: `Ada ${s} Lovelace` as unknown })),
    fc
      .constantFrom('\u0000', '\u0007', '\u001B[31m')
      .map((s) => ({ what: 'a control character', v: `Ada${s}Lovelace` as unknown })),
    wrongType,
  );

const badQuantity = fc.oneof(
  fc.integer({ min: -1_000_000, max: 0 }).map((v) => ({ what: `${v}`, v: v as unknown })),
  fc.integer({ min: 1_001, max: Number.MAX_SAFE_INTEGER }).map((v) => ({ what: `${v}`, v: v as unknown })),
  fc
    .double({ min: 0.01, max: 999, noNaN: true })
    .filter((v) => !Number.isInteger(v))
    .map((v) => ({ what: `${v}`, v: v as unknown })),
  fc.constantFrom(1e300, -0.5, 2 ** 53 + 2).map((v) => ({ what: `${v}`, v: v as unknown })),
  fc.constantFrom('2', '1e3', '').map((v) => ({ what: `the string ${JSON.stringify(v)}`, v: v as unknown })),
  wrongType.filter((w) => typeof w.v !== 'number'),
);

const badPrice = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }).map((v) => ({ what: `${v}`, v: v as unknown })),
  fc.integer({ min: 100_000_001, max: Number.MAX_SAFE_INTEGER }).map((v) => ({ what: `${v}`, v: v as unknown })),
  fc
    .double({ min: 0.01, max: 1_000, noNaN: true })
    .filter((v) => !Number.isInteger(v))
    .map((v) => ({ what: `${v}`, v: v as unknown })),
  fc.constantFrom('19.99', '1999').map((v) => ({ what: `the string ${v}`, v: v as unknown })),
);

/** One mutation: where it lands, and how it breaks the order. */
const mutations: fc.Arbitrary<{ field: string; kind: string; apply: (order: Mutable) => unknown }>[] = [
  ...(['orderId', 'customerId'] as const).map((key) =>
    badIdentifier.map(({ what, v }) => ({
      field: key,
      kind: `${key} ${what}`,
      apply: (o: Mutable) => ({ ...o, [key]: v }),
    })),
  ),
  badIdentifier.map(({ what, v }) => ({
    field: 'items.0.sku',
    kind: `sku ${what}`,
    apply: (o: Mutable) => ({ ...o, items: [{ ...o.items[0], sku: v }, ...o.items.slice(1)] }),
  })),
  badQuantity.map(({ what, v }) => ({
    field: 'items.1.quantity',
    kind: `quantity ${what}`,
    apply: (o: Mutable) => ({ ...o, items: [o.items[0], { ...o.items[1], quantity: v }] }),
  })),
  badPrice.map(({ what, v }) => ({
    field: 'items.0.unitPriceMinor',
    kind: `unitPriceMinor ${what}`,
    apply: (o: Mutable) => ({ ...o, items: [{ ...o.items[0], unitPriceMinor: v }, o.items[1]] }),
  })),
  fc.constantFrom(0, -5, 1.5, 1_000_001, '800').map((v) => ({
    field: 'items.0.weightGrams',
    kind: `weightGrams ${JSON.stringify(v)}`,
    apply: (o: Mutable) => ({ ...o, items: [{ ...o.items[0], weightGrams: v }, o.items[1]] }),
  })),
  fc
    .oneof(
      fc
        .string({ maxLength: 8 })
        .filter((s) => !['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'PLN'].includes(s))
        .map((v) => ({ what: JSON.stringify(v), v: v as unknown })),
      fc.constantFrom('eur', 'EU\uD800', 'ＥＵＲ', 'EUR ').map((v) => ({ what: JSON.stringify(v), v: v as unknown })),
      wrongType,
    )
    .map(({ what, v }) => ({
      field: 'currency',
      kind: `currency ${what}`,
      apply: (o: Mutable) => ({ ...o, currency: v }),
    })),
  fc
    .oneof(
      fc.constant({ what: 'empty', v: [] as unknown }),
      fc.integer({ min: 101, max: 3_000 }).map((n) => ({
        what: `${n} line items`,
        v: Array.from({ length: n }, () => ({ sku: 'SKU-0001', quantity: 1, unitPriceMinor: 1 })) as unknown,
      })),
      wrongType.filter((w) => !Array.isArray(w.v)),
    )
    .map(({ what, v }) => ({ field: 'items', kind: `items ${what}`, apply: (o: Mutable) => ({ ...o, items: v }) })),
  ...(['name', 'line1', 'city'] as const).map((key) =>
    badText(key === 'city' ? 100 : 200).map(({ what, v }) => ({
      field: `shippingAddress.${key}`,
      kind: `${key} ${what}`,
      apply: (o: Mutable) => ({ ...o, shippingAddress: { ...o.shippingAddress, [key]: v } }),
    })),
  ),
  fc.constantFrom('1', '12345678901', '690\uD80002', '69002!', '６９００２', '').map((v) => ({
    field: 'shippingAddress.postalCode',
    kind: `postalCode ${JSON.stringify(v)}`,
    apply: (o: Mutable) => ({ ...o, shippingAddress: { ...o.shippingAddress, postalCode: v } }),
  })),
  fc.constantFrom('fr', 'FRA', 'France', 'F', 'ÉU', 'F\uD800', 33).map((v) => ({
    field: 'shippingAddress.country',
    kind: `country ${JSON.stringify(v)}`,
    apply: (o: Mutable) => ({ ...o, shippingAddress: { ...o.shippingAddress, country: v } }),
  })),
  fc
    .oneof(
      fc.constantFrom('', 'x', 'tok visa', 'tok_\uD800x', 'a'.repeat(65)),
      wrongType.map((w) => w.v),
    )
    .map((v) => ({
      field: 'paymentReference',
      kind: `paymentReference ${JSON.stringify(v)?.slice(0, 40)}`,
      apply: (o: Mutable) => ({ ...o, paymentReference: v }),
    })),
  fc.constantFrom('orderId', 'customerId', 'currency', 'items', 'shippingAddress', 'paymentReference').map((key) => ({
    field: key,
    kind: `${key} missing`,
    apply: (o: Mutable) => {
      const { [key]: _dropped, ...rest } = o;
      return rest;
    },
  })),
  fc.integer({ min: 100, max: 3_000 }).map((depth) => ({
    field: '(body)',
    kind: `an unknown field nested ${depth} deep`,
    apply: (o: Mutable) => ({ ...o, extra: nested(depth) }),
  })),
  fc.integer({ min: 10, max: 1_000 }).map((depth) => ({
    field: 'items.0',
    kind: `an unknown field on a line item nested ${depth} deep`,
    apply: (o: Mutable) => ({ ...o, items: [{ ...o.items[0], options: nested(depth) }, o.items[1]] }),
  })),
  fc
    .anything({ maxDepth: 3 })
    .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
    .map((v) => ({ field: '(body)', kind: `the whole body ${typeof v}`, apply: () => v })),
  fc.integer({ min: 70_000, max: 400_000 }).map((length) => ({
    field: 'shippingAddress.line1',
    kind: `a huge body (line1 of ${length} characters)`,
    apply: (o: Mutable) => ({ ...o, shippingAddress: { ...o.shippingAddress, line1: 'x'.repeat(length) } }),
  })),
];

export const malformedOrders: fc.Arbitrary<MalformedOrder> = fc.oneof(...mutations).map(({ field, kind, apply }) => {
  const valid = sampleOrder({}, 'FUZZ') as unknown as Mutable;
  // fast-check prints a failing value; a 3,000-deep one would overflow its printer, so it prints the kind.
  return { field, kind, order: apply(valid), [fc.toStringMethod]: () => `${kind} (field ${field})` };
});

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { inner: value };
  return value;
}
