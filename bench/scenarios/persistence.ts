import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { OrderFactory } from '../load/orders';
import { runClosedLoop, runOrder } from '../load/order-runs';
import { startStackCpuWindow } from '../measure/cpu-window';
import { outcomeFigures } from '../measure/outcomes';
import { ratio, round } from '../measure/stats';
import { connectTo } from '../stack/bench-stack';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { startInMemoryTemporal, startSqliteTemporal, type BenchTemporal } from '../stack/temporal';
import { THROUGHPUT_NETWORK_NODES } from './throughput';
import { sized, type ScenarioContext, type Scenario } from './scenario';
import { ScenarioSkipped } from './skip';

const PARTNER_LATENCY_MS = 50;

interface Size {
  warmupOrders: number;
  orders: number;
  concurrency: number;
}

/** The same closed-loop load against the in-memory dev server and one writing a SQLite file. */
export const persistenceScenario: Scenario = {
  name: 'persistence',
  title: 'throughput: in-memory vs SQLite file',
  async run(context) {
    const { stack, log } = context;
    if (stack.temporal.persistence === 'external') {
      throw new ScenarioSkipped(
        'TEMPORAL_ADDRESS is set: the benchmark launches no server, so there is no in-memory/SQLite pair to compare',
      );
    }
    const size: Size = sized(context.profile, {
      smoke: { warmupOrders: 1, orders: 4, concurrency: 2 },
      quick: { warmupOrders: 2, orders: 30, concurrency: 12 },
      full: { warmupOrders: 10, orders: 400, concurrency: 24 },
    });
    context.progress.setTotal(2 * (size.warmupOrders + size.orders));
    await stack.partners.ready(DEFAULT_CARRIERS);
    await stack.partners.setLatency(PARTNER_LATENCY_MS);

    // Two fresh servers, so neither carries the workflows earlier scenarios left in the main one.
    const inMemory = await onFreshServer(context, size, () => startInMemoryTemporal(log, stack.dynamicConfig));
    let sqlitePragmas: string[] | undefined;
    const onFile = await onFreshServer(context, size, async () => {
      const server = await startSqliteTemporal(log, stack.dynamicConfig);
      sqlitePragmas = server.sqlitePragmas;
      return server;
    });
    return {
      headline: `${inMemory.ordersPerSec} orders/s in memory vs ${onFile.ordersPerSec} on SQLite`,
      settings: {
        partnerLatencyMs: PARTNER_LATENCY_MS,
        carriers: DEFAULT_CARRIERS,
        load: 'closed loop',
        ordersInFlight: size.concurrency,
        orders: size.orders,
        roadNetworkNodes: THROUGHPUT_NETWORK_NODES,
        persistenceModes: ['in-memory', 'sqlite-file'],
        sqlitePragmas,
      },
      figures: {
        inMemory,
        sqliteFile: onFile,
        sqliteOverInMemoryOrdersPerSec: ratio(onFile.ordersPerSec, inMemory.ordersPerSec),
        sqliteOverInMemoryP50: ratio(onFile.e2eMs.p50, inMemory.e2eMs.p50),
      },
      summary: {},
    };
  },
};

async function onFreshServer(context: ScenarioContext, size: Size, start: () => Promise<BenchTemporal>) {
  const server = await start();
  try {
    const { client, connection } = await connectTo(server, context.log);
    try {
      return await loadAgainst(context, size, { server, client });
    } finally {
      await connection.close();
    }
  } finally {
    await server.stop();
  }
}

async function loadAgainst(context: ScenarioContext, size: Size, temporal: { server: BenchTemporal; client: Client }) {
  const { stack, progress } = context;
  const mode = temporal.server.persistence;
  const nodes = { ORDEROPS_ROAD_NETWORK_NODES: String(THROUGHPUT_NETWORK_NODES) };
  const workers = await stack.startWorkers({ label: `persistence-${mode}`, temporal, io: nodes, cpu: nodes });
  try {
    const factory = new OrderFactory(`B-persist-${mode}-${stack.runTag}`);
    const next = () => runOrder(workers.driver, factory.create());
    await runClosedLoop({
      count: size.warmupOrders,
      concurrency: size.concurrency,
      next,
      onDone: () => progress.tick(`${mode} warm-up`),
    });
    const cpu = startStackCpuWindow(temporal.server.pid, workers);
    const started = performance.now();
    const outcomes = await runClosedLoop({
      count: size.orders,
      concurrency: size.concurrency,
      next,
      onDone: () => progress.tick(mode),
    });
    const elapsedMs = performance.now() - started;
    const figures = outcomeFigures(outcomes);
    return {
      ...figures,
      ordersPerSec: round((figures.completed * 1000) / elapsedMs, 2),
      cpuPercentOfOneCore: cpu.stop(),
      databaseMb: temporal.server.dbFile ? databaseMb(temporal.server.dbFile) : null,
    };
  } finally {
    await workers.stop();
  }
}

/** The database with its write-ahead log: what the server has written so far. */
function databaseMb(dbFile: string): number | null {
  const sizes = [dbFile, `${dbFile}-wal`].map((file) => (fs.existsSync(file) ? fs.statSync(file).size : 0));
  return round(sizes.reduce((a, b) => a + b, 0) / (1024 * 1024));
}
