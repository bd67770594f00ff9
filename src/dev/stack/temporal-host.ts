/**
 * The process that owns the embedded Temporal dev server for `npm start`. It runs as a child of the
 * stack (not inside it) so the server sits in the child's process group: a terminal Ctrl-C then
 * reaches only the stack, which stops the workers first and this host last, instead of the server
 * dying under workers that are still draining.
 *
 * Reports `{ type: 'ready', address, uiUrl, namespace }` over IPC once the server accepts calls.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../platform/logger';
import { provideTemporal, type LocalTemporal } from '../local-system/temporal';
import { onShutdown, shutdown } from '../../platform/shutdown';

export interface TemporalHostReady {
  type: 'ready';
  address: string;
  uiUrl: string | undefined;
  namespace: string;
}

async function main(): Promise<void> {
  const log = createLogger('temporal');
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      'db-file': { type: 'string' },
      namespace: { type: 'string' },
      'ui-codec-endpoint': { type: 'string' },
    },
  });
  // The native server handle does not keep Node's event loop alive on its own.
  const keepAlive = setInterval(() => undefined, 1 << 30);

  const starting: Promise<LocalTemporal> = provideTemporal({
    temporal: 'dev-server',
    log,
    ui: true,
    port: optionalInt(values.port),
    uiPort: optionalInt(values['ui-port']),
    dbFile: values['db-file'],
    namespace: values.namespace,
    uiCodecEndpoint: values['ui-codec-endpoint'],
  });
  // Registered before the server is up, so a stop requested during startup still stops it.
  onShutdown(
    async () => {
      clearInterval(keepAlive);
      const server = await starting.catch(() => undefined);
      await server?.stop();
    },
    { log },
  );

  const server = await starting;
  const ready: TemporalHostReady = {
    type: 'ready',
    address: server.address,
    uiUrl: server.uiUrl,
    namespace: server.namespace,
  };
  process.send?.(ready);
  // The IPC channel closes when the stack dies, even by SIGKILL: quicker than parent-watch's poll.
  process.once('disconnect', () => void shutdown('the stack process is gone'));
}

function optionalInt(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number.parseInt(value, 10);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `the Temporal dev server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  void shutdown('start failed', 1);
});
