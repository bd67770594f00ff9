import type { Warehouse, World } from '../world/world';
import { newId } from './ids';

export interface RequestedLine {
  sku: string;
  quantity: number;
}

interface Hold {
  warehouseId: string;
  sku: string;
  quantity: number;
}

export interface Reservation {
  reservationId: string;
  orderId: string;
  warehouses: readonly Warehouse[];
  holds: readonly Hold[];
  released: boolean;
}

interface Level {
  onHand: number;
  reserved: number;
}

export interface StockRow {
  warehouseId: string;
  node: number;
  region: string;
  sku: string;
  quantity: number;
}

/**
 * Stock levels and reservations. A reservation holds the quantities at every warehouse it lists
 * (the order has not picked one yet), until it is released.
 */
export class StockBook {
  private levels = new Map<string, Level>();
  private reservations = new Map<string, Reservation>();

  constructor(private readonly world: World) {
    this.reset();
  }

  reset(): void {
    this.levels = new Map(
      this.world.initialStock.map((line) => [
        levelKey(line.warehouseId, line.sku),
        { onHand: line.quantity, reserved: 0 },
      ]),
    );
    this.reservations = new Map();
  }

  /** Undefined when no (allowed) warehouse holds every line. */
  reserve(orderId: string, lines: readonly RequestedLine[], warehouseIds?: readonly string[]): Reservation | undefined {
    const wanted = mergeLines(lines);
    const allowed = warehouseIds ? new Set(warehouseIds) : undefined;
    const candidates = this.world.warehouses.filter(
      (warehouse) =>
        (!allowed || allowed.has(warehouse.warehouseId)) &&
        [...wanted].every(([sku, quantity]) => this.available(warehouse.warehouseId, sku) >= quantity),
    );
    if (candidates.length === 0) return undefined;

    const holds = candidates.flatMap((warehouse) =>
      [...wanted].map(([sku, quantity]) => ({ warehouseId: warehouse.warehouseId, sku, quantity })),
    );
    for (const hold of holds) this.level(hold.warehouseId, hold.sku).reserved += hold.quantity;
    const reservation = { reservationId: newId('res'), orderId, warehouses: candidates, holds, released: false };
    this.reservations.set(reservation.reservationId, reservation);
    return reservation;
  }

  /** Undefined for an unknown reservation; releasing a released one changes nothing. */
  release(reservationId: string): Reservation | undefined {
    const reservation = this.reservations.get(reservationId);
    if (!reservation || reservation.released) return reservation;
    for (const hold of reservation.holds) this.level(hold.warehouseId, hold.sku).reserved -= hold.quantity;
    reservation.released = true;
    return reservation;
  }

  available(warehouseId: string, sku: string): number {
    const level = this.levels.get(levelKey(warehouseId, sku));
    return level ? level.onHand - level.reserved : 0;
  }

  /** Rows in the world's fixed order, so the stock feed's offsets stay stable while levels change. */
  rows(offset: number, limit: number): StockRow[] {
    return this.world.initialStock.slice(offset, offset + limit).map((line) => {
      const warehouse = this.world.warehouseById.get(line.warehouseId) as Warehouse;
      return {
        warehouseId: line.warehouseId,
        node: warehouse.node,
        region: warehouse.region,
        sku: line.sku,
        quantity: this.available(line.warehouseId, line.sku),
      };
    });
  }

  get rowCount(): number {
    return this.world.initialStock.length;
  }

  private level(warehouseId: string, sku: string): Level {
    const level = this.levels.get(levelKey(warehouseId, sku));
    if (!level) throw new Error(`no stock line ${warehouseId}/${sku}`);
    return level;
  }
}

function levelKey(warehouseId: string, sku: string): string {
  return `${warehouseId}/${sku}`;
}

function mergeLines(lines: readonly RequestedLine[]): Map<string, number> {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.quantity);
  return merged;
}
