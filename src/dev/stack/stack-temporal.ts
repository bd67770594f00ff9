import path from 'node:path';
import type { OrderOpsConfig } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { loadTemporalSettings } from '../../platform/temporal-connection';
import { provideTemporal as provideLocalTemporal } from '../local-system/temporal';
import { resolveTemporalCli } from '../temporal/temporal-cli';
import { ManagedChild, type ChildExit } from './managed-child';
import type { TemporalHostReady } from './temporal-host';

/** The ports the product promises for the embedded server: gRPC 7233, Web UI 8233. */
export const EMBEDDED_TEMPORAL_PORT = 7233;
export const EMBEDDED_TEMPORAL_UI_PORT = 8233;

export interface StackTemporal {
  address: string;
  namespace: string;
  /** Undefined for an external server: its UI is wherever that cluster serves it. */
  uiUrl: string | undefined;
  /** The process hosting the embedded dev server; undefined when TEMPORAL_ADDRESS was given. */
  host: ManagedChild | undefined;
}

export interface ProvideTemporalOptions {
  log: Logger;
  config: OrderOpsConfig;
  /** Called as soon as the host process exists, so a stop requested during startup can reach it. */
  onHostStarted: (host: ManagedChild) => void;
  onHostExit: (exit: ChildExit) => void;
}

/**
 * TEMPORAL_ADDRESS set: use that server, launch nothing. Otherwise provision the CLI and launch a
 * dev server in a host process of its own (temporal-host.ts), so Ctrl-C stops it last.
 */
export async function provideTemporal({
  log,
  config,
  onHostStarted,
  onHostExit,
}: ProvideTemporalOptions): Promise<StackTemporal> {
  if (process.env.TEMPORAL_ADDRESS) {
    const existing = await provideLocalTemporal({ temporal: 'existing', log });
    log.info(
      { address: existing.address, namespace: existing.namespace },
      'TEMPORAL_ADDRESS is set: using that server, launching none',
    );
    return { address: existing.address, namespace: existing.namespace, uiUrl: undefined, host: undefined };
  }
  const settings = loadTemporalSettings();

  const executable = await resolveTemporalCli({ log });
  const dbFile = path.join(config.dataDir, 'temporal.sqlite');
  const host = new ManagedChild({
    name: 'temporal',
    entry: path.join(__dirname, `temporal-host${path.extname(__filename)}`),
    args: [
      '--port',
      String(EMBEDDED_TEMPORAL_PORT),
      '--ui-port',
      String(EMBEDDED_TEMPORAL_UI_PORT),
      '--db-file',
      dbFile,
      '--namespace',
      settings.namespace,
      // Encryption on: the embedded Web UI decodes payloads through the stack's codec server.
      ...(config.encryption ? ['--ui-codec-endpoint', `http://127.0.0.1:${config.codecPort}`] : []),
    ],
    env: executable.type === 'existing-path' ? { ...process.env, ORDEROPS_TEMPORAL_CLI: executable.path } : process.env,
    ipc: true,
    log,
    onUnexpectedExit: onHostExit,
  });
  onHostStarted(host);
  const ready = await new Promise<TemporalHostReady | undefined>((resolve) => {
    host.process.once('message', (message) => resolve(message as TemporalHostReady));
    void host.exited.then(() => resolve(undefined));
  });
  if (!ready) {
    throw new Error('the Temporal dev server did not start (its output above says why)');
  }
  return {
    address: ready.address,
    namespace: ready.namespace,
    uiUrl: `http://localhost:${EMBEDDED_TEMPORAL_UI_PORT}`,
    host,
  };
}
