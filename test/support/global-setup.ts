/**
 * One Temporal dev server for the whole test run (in-memory, free ports, UI on), shared by every
 * test file through the environment: forked test workers inherit TEMPORAL_ADDRESS and
 * TEMPORAL_NAMESPACE, and a browser test finds the UI at ORDEROPS_TEST_TEMPORAL_UI_URL.
 * With TEMPORAL_ADDRESS already set, the tests use that server and nothing is launched.
 */
import { createLogger } from '../../src/platform/logger';
import { startDevServer, type DevServer } from '../../src/dev/temporal/dev-server';

let server: DevServer | undefined;

export async function setup(): Promise<void> {
  if (process.env.TEMPORAL_ADDRESS) return;
  const log = createLogger('test-temporal');
  server = await startDevServer({ log, ui: true });
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = server.namespace;
  if (server.uiUrl) process.env.ORDEROPS_TEST_TEMPORAL_UI_URL = server.uiUrl;
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
