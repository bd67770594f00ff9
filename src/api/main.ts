// `npm run api`: the HTTP front door on ORDEROPS_API_PORT (default 8080).
import { OrderOpsClient } from '../client/orderops-client';
import { connectClient } from '../platform/temporal-connection';
import { onShutdown, shutdown } from '../platform/shutdown';
import { loadConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { buildApi } from './build-api';

async function main(): Promise<void> {
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

main().catch((error: unknown) => {
  process.stderr.write(`api: ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown('start-up failed', 1);
});
