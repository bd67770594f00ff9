import type { Order } from '../../domain/order';
import type { OrderActivities } from './activity-proxies';
import type { Saga } from './saga';
import type { OrderTracker } from './tracker';

/** What every leg of one order's run works with. */
export interface OrderRun {
  order: Order;
  tracker: OrderTracker;
  saga: Saga;
  calls: OrderActivities;
  /**
   * False while replaying a run started before v3 (patch `order-v3`): such runs keep the commands
   * they were recorded with. True for every new run.
   */
  v3: boolean;
}
