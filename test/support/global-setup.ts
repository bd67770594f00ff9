/**
 * One Temporal dev server for the whole test run (in-memory, free ports, UI on), shared by every
 * test file through the environment: forked test workers inherit TEMPORAL_ADDRESS and
 * TEMPORAL_NAMESPACE, and a browser test finds the UI at ORDEROPS_TEST_TEMPORAL_UI_URL.
 * With TEMPORAL_ADDRESS already set, the tests use that server and nothing is launched.
 */
import { createLogger } from '../../src/platform/logger';
import { provideTemporal, type LocalTemporal } from '../../src/dev/local-system/temporal';

let server: LocalTemporal | undefined;

export async function setup(): Promise<void> {
  server = await provideTemporal({ temporal: 'auto', ui: true, log: createLogger('test-temporal') });
  if (!server.launched) return;
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = server.namespace;
  if (server.uiUrl) process.env.ORDEROPS_TEST_TEMPORAL_UI_URL = server.uiUrl;
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
