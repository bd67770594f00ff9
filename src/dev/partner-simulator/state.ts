import { FaultInjector } from './faults/injector';
import { StatsRecorder } from './http/stats';
import { IdempotencyStore } from './stores/idempotency';
import { AuthorizationBook } from './stores/payments';
import { QuoteBook } from './stores/quotes';
import { StockBook } from './stores/stock';
import type { World } from './world/world';

/** Everything one simulator instance knows; `reset` returns it to the seed state. */
export class SimulatorState {
  readonly stock: StockBook;
  readonly payments = new AuthorizationBook();
  readonly quotes = new QuoteBook();
  readonly idempotency = new IdempotencyStore();
  readonly faults: FaultInjector;
  readonly stats = new StatsRecorder();
  readonly carrierIds: ReadonlySet<string>;

  constructor(readonly world: World) {
    this.stock = new StockBook(world);
    this.faults = new FaultInjector(world.seed);
    this.carrierIds = new Set(world.carriers.map((carrier) => carrier.carrierId));
  }

  reset(): void {
    this.stock.reset();
    this.payments.reset();
    this.quotes.reset();
    this.idempotency.reset();
    this.faults.clear();
    this.stats.reset();
  }
}
