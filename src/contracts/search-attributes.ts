import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes operators filter on in the Web UI and with `temporal workflow list --query`.
 * The dev server registers them at launch (see platform/dev-server.ts); a real cluster needs
 * `temporal operator search-attribute create` once (README).
 */
export const ORDER_STATUS = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const CUSTOMER_ID = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
/** The partner whose failure ended the order, so "all orders payments broke today" is one query. */
export const FAILED_PARTNER = defineSearchAttributeKey('FailedPartner', SearchAttributeType.KEYWORD);
/** Order total in minor units, for "large orders" queries. */
export const ORDER_TOTAL_MINOR = defineSearchAttributeKey('OrderTotalMinor', SearchAttributeType.INT);
/** Destination country, the region an operator usually triages by. */
export const SHIP_COUNTRY = defineSearchAttributeKey('ShipCountry', SearchAttributeType.KEYWORD);

/** True when something a partner did for this order could not be undone by the order itself. */
export const NEEDS_ATTENTION = defineSearchAttributeKey('NeedsAttention', SearchAttributeType.BOOL);

export const ORDER_SEARCH_ATTRIBUTES = [
  ORDER_STATUS,
  CUSTOMER_ID,
  FAILED_PARTNER,
  ORDER_TOTAL_MINOR,
  SHIP_COUNTRY,
  NEEDS_ATTENTION,
] as const;

const CLI_TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', BOOL: 'Bool' };

/** Name -> CLI type, as `temporal server start-dev --search-attribute Name=Type` wants them. */
export const SEARCH_ATTRIBUTE_REGISTRATIONS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(ORDER_SEARCH_ATTRIBUTES.map((key) => [key.name, CLI_TYPE_NAMES[key.type] ?? key.type])),
);
