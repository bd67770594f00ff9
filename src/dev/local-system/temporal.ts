import type { Logger } from '../../platform/logger';
import { loadTemporalSettings } from '../../platform/temporal-connection';
import { startDevServer, type DevServerOptions } from '../temporal/dev-server';

/**
 * Where a local system's Temporal comes from:
 * - `existing`: the server TEMPORAL_ADDRESS names (with Temporal's environment configuration); an error if unset;
 * - `dev-server`: launch a dev server (in memory unless `dbFile`), stopped with the system;
 * - `auto`: `existing` when TEMPORAL_ADDRESS is set, else `dev-server`.
 */
export type TemporalChoice = 'existing' | 'dev-server' | 'auto';

export interface LocalTemporal {
  address: string;
  namespace: string;
  /** Undefined for an existing server (its UI is wherever it is served) or a headless dev server. */
  uiUrl: string | undefined;
  /** True when this process launched the server; `stop()` then stops it. */
  launched: boolean;
  stop(): Promise<void>;
}

export type ProvideTemporalOptions = Omit<DevServerOptions, 'log'> & { temporal: TemporalChoice; log: Logger };

/** The one way OrderOps' tests, bench, history capture and `npm start` get a Temporal server. */
export async function provideTemporal({ temporal, ...devServer }: ProvideTemporalOptions): Promise<LocalTemporal> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (temporal === 'existing' && !address) {
    throw new Error(
      'TEMPORAL_ADDRESS is not set: name the Temporal server to use (under vitest, its global setup sets it)',
    );
  }
  if (temporal !== 'dev-server' && address) {
    const settings = loadTemporalSettings();
    return {
      address: settings.address,
      namespace: settings.namespace,
      uiUrl: undefined,
      launched: false,
      stop: async () => undefined,
    };
  }
  const server = await startDevServer({ ui: false, ...devServer });
  return {
    address: server.address,
    namespace: server.namespace,
    uiUrl: server.uiUrl,
    launched: true,
    stop: () => server.stop(),
  };
}
