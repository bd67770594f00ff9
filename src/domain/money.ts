import type { Order } from './order';

/** Order totals in integer minor units: no floating point ever touches money. */
export function orderTotalMinor(order: Pick<Order, 'items'>): number {
  return order.items.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0);
}

const DEFAULT_ITEM_WEIGHT_GRAMS = 500;

export function orderWeightGrams(order: Pick<Order, 'items'>): number {
  return order.items.reduce((sum, item) => sum + item.quantity * (item.weightGrams ?? DEFAULT_ITEM_WEIGHT_GRAMS), 0);
}

export function formatMoney(amountMinor: number, currency: string): string {
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}
