/**
 * `npm start`: the whole of OrderOps on one machine.
 *
 *  1. Temporal: TEMPORAL_ADDRESS if set, else the embedded dev server (gRPC 7233, UI 8233, SQLite
 *     file data/temporal.sqlite), provisioning the Temporal CLI first if needed.
 *  2. The components in tiers (partner simulator → I/O + CPU workers → API), each a child process
 *     started through the `orderops` launcher; waits until each one is serving.
 *  3. Applies the partner-sync Schedule, in this process.
 *  4. Prints where the Web UI is and how to place an order.
 *
 * Ctrl-C / SIGTERM stops the children tier by tier in reverse (SIGTERM, then SIGKILL after a grace
 * period), Temporal last. If any child dies on its own, everything else is stopped and the exit
 * code is non-zero. Children run in their own process groups and watch their parent, so they also
 * stop when this process is SIGKILLed (see platform/parent-watch.ts).
 */
import { loadConfig, type OrderOpsConfig } from '../../platform/config';
import { WORKER_SIZING } from '../../workers/sizing';
import { createLogger } from '../../platform/logger';
import { connectClient } from '../../platform/temporal-connection';
import { findFreePort, isPortFree } from '../../platform/free-port';
import { onShutdown, shutdown, isShuttingDown } from '../../platform/shutdown';
import { applySchedules } from './apply-schedules';
import { absoluteEntry, CLI_ENTRY, STACK_COMPONENTS, type StackComponent } from './components';
import { ManagedChild, type ChildExit } from './managed-child';
import { waitForPollers, waitForPort } from './readiness';
import { localApiKeyFile } from '../../front-doors/client/api-key';
import { ensureLocalApiKey } from './stack-security';
import { provideTemporal, type StackTemporal } from './stack-temporal';

// A worker lets in-flight tasks finish for its own grace (ORDEROPS_SHUTDOWN_GRACE_SECONDS, else the
// sizing's), then cancels them and hands them back; the margin lets it do that before a SIGKILL.
const STOP_MARGIN_MS = 10_000;
function childStopGraceMs(config: OrderOpsConfig): number {
  const workerGraceSeconds =
    config.shutdownGraceSeconds ??
    Math.max(WORKER_SIZING.io.shutdownGraceSeconds, WORKER_SIZING.cpu.shutdownGraceSeconds);
  return workerGraceSeconds * 1_000 + STOP_MARGIN_MS;
}
const TEMPORAL_STOP_GRACE_MS = 20_000;
const READY_TIMEOUT_MS = 120_000;

const log = createLogger('stack');
const started: { component: StackComponent; child: ManagedChild }[] = [];
/** Settings only one component gets: its metrics port, the API's keys. */
const componentEnv = new Map<string, NodeJS.ProcessEnv>();
let temporalHost: ManagedChild | undefined;
let temporalReady = false;

export async function startStack(): Promise<void> {
  const config = loadConfig();
  onShutdown(stopEverything, { log });
  process.on('SIGHUP', () => void shutdown('received SIGHUP'));

  const temporal = await provideTemporal({
    log,
    config,
    onHostStarted: (host) => (temporalHost = host),
    // Before it is ready, provideTemporal itself reports why the server did not start.
    onHostExit: (exit) => temporalReady && childDied('temporal', exit),
  });
  temporalReady = true;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    ORDEROPS_PARTNERS_URL: config.partnersUrl,
  };

  await prepareComponentEnv(config);
  await startComponents(config, childEnv);
  await applySchedules({ env: childEnv, config, log });
  printHowToUse(temporal, config);
}

function stackComponents(config: OrderOpsConfig): StackComponent[] {
  return STACK_COMPONENTS.filter((component) => component.when?.(config) ?? true);
}

/**
 * The API gets a key (a local one, created once in data/api-key, unless keys are configured) and
 * stays on loopback unless told otherwise; each process that serves metrics gets a port: from
 * ORDEROPS_METRICS_PORT upwards when it is set, free ones otherwise.
 */
async function prepareComponentEnv(config: OrderOpsConfig): Promise<void> {
  const keysConfigured = Boolean(process.env.ORDEROPS_API_KEYS || process.env.ORDEROPS_API_KEYS_FILE);
  const api: NodeJS.ProcessEnv = { ORDEROPS_API_HOST: config.apiHost ?? '127.0.0.1' };
  if (!keysConfigured) api.ORDEROPS_API_KEYS = ensureLocalApiKey(config.dataDir);
  componentEnv.set('api', api);
  let next = config.metricsPort;
  for (const component of stackComponents(config).filter((c) => c.metrics)) {
    const port = next === undefined || next === 0 ? await findFreePort() : next++;
    componentEnv.set(component.name, { ...componentEnv.get(component.name), ORDEROPS_METRICS_PORT: String(port) });
  }
}

async function startComponents(config: OrderOpsConfig, env: NodeJS.ProcessEnv): Promise<void> {
  const components = stackComponents(config);
  await refuseTakenPorts(components, config);
  for (const tier of tiersOf(components)) {
    const children = tier.map((component) => {
      const child = new ManagedChild({
        name: component.name,
        entry: absoluteEntry(CLI_ENTRY),
        args: component.command,
        heapMb: component.heapMb,
        env: { ...env, ...componentEnv.get(component.name) },
        log,
        onUnexpectedExit: (exit) => childDied(component.name, exit),
      });
      started.push({ component, child });
      return { component, child };
    });
    await Promise.all(children.map(({ component, child }) => waitUntilServing(component, child, config, env)));
  }
}

/** Readiness is "the port answers", so a port someone else already serves would fake it. */
async function refuseTakenPorts(components: readonly StackComponent[], config: OrderOpsConfig): Promise<void> {
  for (const component of components) {
    const port = component.readyPort?.(config);
    if (port !== undefined && !(await isPortFree(port))) {
      throw new Error(`port ${port} for ${component.name} is already in use (another OrderOps running?)`);
    }
  }
}

async function waitUntilServing(
  component: StackComponent,
  child: ManagedChild,
  config: OrderOpsConfig,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const options = { timeoutMs: READY_TIMEOUT_MS, givenUp: () => child.hasExited || isShuttingDown() };
  let ready = true;
  if (component.readyPort) {
    ready = await waitForPort(component.readyPort(config), options);
  } else if (component.name === 'worker-io' || component.name === 'worker-cpu') {
    const { client, connection, namespace } = await connectClient({ env, log });
    try {
      ready =
        component.name === 'worker-io'
          ? await waitForPollers(client, namespace, config.taskQueues.orders, 'workflow', options)
          : await waitForPollers(client, namespace, config.taskQueues.routeScoring, 'activity', options);
    } finally {
      await connection.close();
    }
  }
  if (ready) log.info({ child: component.name }, 'ready');
  else if (!child.hasExited && !isShuttingDown())
    log.warn({ child: component.name, timeoutMs: READY_TIMEOUT_MS }, 'not ready in time; carrying on');
}

function childDied(name: string, exit: ChildExit): void {
  if (isShuttingDown()) return;
  log.error(
    { child: name, exitCode: exit.code, signal: exit.signal },
    `${name} exited unexpectedly: stopping the stack`,
  );
  void shutdown(`${name} exited unexpectedly`, 1);
}

async function stopEverything(): Promise<void> {
  const tiers = tiersOf(started.map(({ component }) => component)).reverse();
  for (const tier of tiers) {
    const children = started.filter(({ component }) => tier.includes(component)).map(({ child }) => child);
    await Promise.all(children.map((child) => child.stop(childStopGraceMs(loadConfig()))));
  }
  await temporalHost?.stop(TEMPORAL_STOP_GRACE_MS);
}

function tiersOf(components: readonly StackComponent[]): StackComponent[][] {
  const byTier = new Map<number, StackComponent[]>();
  for (const component of components) byTier.set(component.tier, [...(byTier.get(component.tier) ?? []), component]);
  return [...byTier.entries()].sort(([a], [b]) => a - b).map(([, tier]) => tier);
}

function printHowToUse(stackTemporal: StackTemporal, config: OrderOpsConfig): void {
  const apiRunning = started.some(({ component }) => component.name === 'api');
  const lines = [
    '',
    'OrderOps is running.',
    stackTemporal.uiUrl
      ? `  Temporal Web UI:  ${stackTemporal.uiUrl}`
      : `  Temporal:         ${stackTemporal.address} (external server; open its own Web UI)`,
    `  Temporal gRPC:    ${stackTemporal.address}  namespace ${stackTemporal.namespace}`,
    ...(apiRunning
      ? [
          `  HTTP API:         http://localhost:${config.apiPort}  (key: ${process.env.ORDEROPS_API_KEYS || process.env.ORDEROPS_API_KEYS_FILE ? 'as configured' : `Bearer $(cat ${localApiKeyFile(config.dataDir)})`})`,
        ]
      : []),
    ...(started.some(({ component }) => component.name === 'codec-server')
      ? [`  Codec server:     http://127.0.0.1:${config.codecPort} (the Web UI decodes payloads through it)`]
      : []),
    ...[...componentEnv.entries()]
      .filter(([, childEnv]) => childEnv.ORDEROPS_METRICS_PORT)
      .map(
        ([name, childEnv]) =>
          `  Metrics ${`${name}:`.padEnd(11)} http://127.0.0.1:${childEnv.ORDEROPS_METRICS_PORT}/metrics`,
      ),
    '',
    '  Place an order from a second terminal:',
    '    npx orderops place examples/order.json',
    '    npm run orderops -- place examples/order.json',
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
