export interface Quote {
  quoteId: string;
  carrierId: string;
  orderId: string;
  country: string;
  postalCode: string;
  warehouseIds: readonly string[];
  priceMinor: number;
  currency: string;
  etaHours: number;
  validUntilMs: number;
}

export class QuoteBook {
  private quotes = new Map<string, Quote>();

  reset(): void {
    this.quotes = new Map();
  }

  /** Quote ids are derived from the inputs, so quoting the same thing again refreshes the quote. */
  save(quote: Quote): void {
    this.quotes.set(quote.quoteId, quote);
  }

  get(quoteId: string): Quote | undefined {
    return this.quotes.get(quoteId);
  }
}
