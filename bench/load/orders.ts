import type { Order } from '../../src/domain/order';
import { sampleOrder } from '../../src/domain/sample-order';

const SKU_COUNT = 300;

/**
 * Valid orders with ids unique to this run (order ids are single-use). SKUs are spread over the
 * simulator's whole catalog so thousands of orders never run a warehouse out of stock.
 */
export class OrderFactory {
  private next = 0;
  private state: number;

  constructor(
    private readonly prefix: string,
    seed = 2026,
  ) {
    this.state = seed >>> 0;
  }

  /** The sample order, with this run's next id and two SKUs drawn from the catalog. */
  create(): Order {
    this.next++;
    const first = this.sku();
    let second = this.sku();
    while (second === first) second = this.sku();
    return sampleOrder({
      orderId: `${this.prefix}-${this.next}`,
      customerId: 'cust-bench',
      items: [
        { sku: first, quantity: 1, unitPriceMinor: 1999, weightGrams: 800 },
        { sku: second, quantity: 1, unitPriceMinor: 4999 },
      ],
    }) as Order;
  }

  get created(): number {
    return this.next;
  }

  private sku(): string {
    return `SKU-${String(1 + Math.floor(this.random() * SKU_COUNT)).padStart(4, '0')}`;
  }

  /** mulberry32: the same seed gives the same orders in every run. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
