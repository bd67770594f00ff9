import { OrderOpsClient } from '../client/orderops-client';
import { connectClient } from '../../platform/temporal-connection';
import { onShutdown } from '../../platform/shutdown';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { buildApi } from './build-api';

/** `orderops api`: the HTTP front door on ORDEROPS_API_PORT (default 8080). */
export async function runApi(): Promise<void> {
  const log = createLogger('api');
  const config = loadConfig();
  const { client, connection } = await connectClient({ log });
  const app = await buildApi({ orders: new OrderOpsClient(client, config.taskQueues), client, log });
  // Registered before listening, so a signal during start-up still closes the connection.
  onShutdown(() => connection.close(), { log });
  // Newest first: stop taking requests and finish the in-flight ones before the connection goes.
  onShutdown(() => app.close(), { log });
  await app.listen({ port: config.apiPort, host: process.env.ORDEROPS_API_HOST ?? '0.0.0.0' });
}
