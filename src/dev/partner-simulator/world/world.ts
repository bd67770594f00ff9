import { CARRIER_NAMES, PRODUCT_ADJECTIVES, PRODUCT_NOUNS } from './names';
import { distinctInts, hash32, pick, randomInt, seededRandom, type Random } from './random';
import { REGIONS, currencyOf, type Region } from './regions';

export const SKU_COUNT = 300;
export const MAX_CARRIERS = CARRIER_NAMES.length;
export const DEFAULT_CARRIER_COUNT = 12;
export const DEFAULT_NETWORK_SIZE = 2000;
export const DEFAULT_SEED = 42;

// One warehouse per region where customers are, two in the busiest one.
const WAREHOUSE_REGIONS: readonly Region[] = [
  'EU-WEST',
  'EU-CENTRAL',
  'EU-SOUTH',
  'EU-NORTH',
  'UK',
  'US-EAST',
  'US-WEST',
  'EU-CENTRAL',
];
// High enough that an order of a few items almost always finds a warehouse holding all of them.
const STOCKED_SHARE = 0.8;

export interface CatalogItem {
  sku: string;
  name: string;
  weightGrams: number;
  priceMinor: number;
  currency: 'EUR';
}

export interface Warehouse {
  warehouseId: string;
  node: number;
  region: Region;
}

export interface Carrier {
  carrierId: string;
  name: string;
  hubNode: number;
}

export interface CarrierRate {
  carrierId: string;
  region: Region;
  basePriceMinor: number;
  perKgMinor: number;
  currency: 'EUR' | 'GBP' | 'USD';
  etaHours: number;
  hubNode: number;
}

export interface StockLine {
  warehouseId: string;
  sku: string;
  quantity: number;
}

/** Everything fixed by the seed. Mutable state (stock levels, authorizations) lives in the stores. */
export interface World {
  seed: number;
  networkSize: number;
  catalog: readonly CatalogItem[];
  warehouses: readonly Warehouse[];
  carriers: readonly Carrier[];
  rates: readonly CarrierRate[];
  /** Ordered by warehouse then sku: the stock feed pages over this order. */
  initialStock: readonly StockLine[];
  warehouseById: ReadonlyMap<string, Warehouse>;
  carrierById: ReadonlyMap<string, Carrier>;
  catalogBySku: ReadonlyMap<string, CatalogItem>;
  rateFor(carrierId: string, region: Region): CarrierRate | undefined;
}

export interface WorldOptions {
  seed?: number;
  carrierCount?: number;
  networkSize?: number;
}

export function buildWorld(options: WorldOptions = {}): World {
  const seed = options.seed ?? DEFAULT_SEED;
  const carrierCount = options.carrierCount ?? DEFAULT_CARRIER_COUNT;
  const networkSize = options.networkSize ?? DEFAULT_NETWORK_SIZE;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(carrierCount) || carrierCount < 1 || carrierCount > MAX_CARRIERS) {
    throw new RangeError(`carrierCount must be an integer in 1..${MAX_CARRIERS}, got ${carrierCount}`);
  }
  const nodesNeeded = WAREHOUSE_REGIONS.length + carrierCount;
  if (!Number.isInteger(networkSize) || networkSize < nodesNeeded) {
    throw new RangeError(`networkSize must be an integer of at least ${nodesNeeded}, got ${networkSize}`);
  }

  // Separate streams, so changing the carrier count leaves the catalog and stock as they were.
  const stream = (name: string): Random => seededRandom(hash32(seed, name));

  const catalog = buildCatalog(stream('catalog'));
  const nodes = distinctInts(stream('nodes'), nodesNeeded, networkSize);
  const warehouses = WAREHOUSE_REGIONS.map((region, i) => ({
    warehouseId: `wh-${pad(i + 1, 2)}`,
    node: nodes[i] as number,
    region,
  }));
  const carrierNames = shuffled(stream('carrier-names'), CARRIER_NAMES);
  const carriers = Array.from({ length: carrierCount }, (_, i) => ({
    carrierId: `carrier-${pad(i + 1, 2)}`,
    name: carrierNames[i] as string,
    hubNode: nodes[WAREHOUSE_REGIONS.length + i] as number,
  }));
  const rates = buildRates(stream('rates'), carriers);
  const initialStock = buildStock(stream('stock'), warehouses, catalog);

  const rateIndex = new Map(rates.map((rate) => [`${rate.carrierId}/${rate.region}`, rate]));
  return {
    seed,
    networkSize,
    catalog,
    warehouses,
    carriers,
    rates,
    initialStock,
    warehouseById: new Map(warehouses.map((w) => [w.warehouseId, w])),
    carrierById: new Map(carriers.map((c) => [c.carrierId, c])),
    catalogBySku: new Map(catalog.map((item) => [item.sku, item])),
    rateFor: (carrierId, region) => rateIndex.get(`${carrierId}/${region}`),
  };
}

function buildCatalog(random: Random): CatalogItem[] {
  return Array.from({ length: SKU_COUNT }, (_, i) => ({
    sku: `SKU-${pad(i + 1, 4)}`,
    name: `${pick(random, PRODUCT_ADJECTIVES)} ${pick(random, PRODUCT_NOUNS)}`,
    weightGrams: randomInt(random, 5, 400) * 50,
    priceMinor: randomInt(random, 2, 500) * 100 - 1,
    currency: 'EUR' as const,
  }));
}

function buildRates(random: Random, carriers: readonly Carrier[]): CarrierRate[] {
  return carriers.flatMap((carrier) =>
    REGIONS.map((region) => {
      const far = region === 'INTL';
      return {
        carrierId: carrier.carrierId,
        region,
        basePriceMinor: randomInt(random, 3, 25) * 100 + (far ? 2000 : 0),
        perKgMinor: randomInt(random, 5, 40) * 10,
        currency: currencyOf(region),
        etaHours: randomInt(random, 12, 96) + (far ? 72 : 0),
        hubNode: carrier.hubNode,
      };
    }),
  );
}

function buildStock(random: Random, warehouses: readonly Warehouse[], catalog: readonly CatalogItem[]): StockLine[] {
  const held = warehouses.map(() => new Set<string>());
  for (const item of catalog) {
    const holders = warehouses.map((_, i) => i).filter(() => random() < STOCKED_SHARE);
    // Every sku is held somewhere, and usually in more than one place.
    while (holders.length < 2) holders.push(randomInt(random, 0, warehouses.length - 1));
    for (const index of holders) held[index]?.add(item.sku);
  }
  return warehouses.flatMap((warehouse, i) =>
    catalog
      .filter((item) => held[i]?.has(item.sku))
      .map((item) => ({ warehouseId: warehouse.warehouseId, sku: item.sku, quantity: randomInt(random, 200, 2000) })),
  );
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
