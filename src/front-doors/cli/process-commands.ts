import type { Command } from 'commander';
import { shutdown } from '../../platform/shutdown';

/**
 * The launcher verbs: every OrderOps process starts as `orderops <verb>`, and the npm scripts,
 * `npm start` and the container images call these. Each module is loaded only when its verb
 * runs, so `orderops place` does not load the worker, the API server or the simulator.
 */
export function registerProcessCommands(program: Command): void {
  const worker = program
    .command('worker')
    .description('run a worker process (see src/workers/sizing.ts for how each is sized)');
  worker
    .command('io')
    .description('workflows on `orders` and partner activities on `partner-io`')
    .action(() => runProcess(() => import('../../workers/io/main').then((entry) => entry.runIoWorker())));
  worker
    .command('cpu')
    .description('route scoring on `route-scoring`, in a worker-thread pool')
    .action(() => runProcess(() => import('../../workers/cpu/main').then((entry) => entry.runCpuWorker())));
  program
    .command('api')
    .description('the HTTP API on ORDEROPS_API_PORT (default 8080)')
    .action(() => runProcess(() => import('../api/main').then((entry) => entry.runApi())));
  program
    .command('codec-server')
    .description('the codec server that decrypts payloads for the Web UI, on ORDEROPS_CODEC_PORT (default 8888)')
    .action(() => runProcess(() => import('../codec-server/main').then((entry) => entry.runCodecServer())));
  program
    .command('partners')
    .description('development: the partner simulator on ORDEROPS_PARTNERS_PORT (default 8090)')
    .action(() =>
      runProcess(() => import('../../dev/partner-simulator/main').then((entry) => entry.runPartnerSimulator())),
    );
  program
    .command('start')
    .description('development: the whole system on this machine (Temporal dev server, simulator, workers, API)')
    .action(() => runProcess(() => import('../../dev/stack/start').then((entry) => entry.startStack())));
  program
    .command('cluster')
    .description(
      'development: OrderOps on a real Temporal cluster on PostgreSQL (4 server processes, Web UI, 2 I/O + 2 CPU workers, API)',
    )
    .option('--provision-only', 'build the server binaries and install PostgreSQL if missing, then exit')
    .action((options: { provisionOnly?: boolean }) =>
      runProcess(() =>
        import('../../dev/cluster/main').then((entry) =>
          options.provisionOnly ? entry.provisionCluster() : entry.runCluster(),
        ),
      ),
    );
  program
    .command('provision')
    .description('development: make sure a Temporal CLI is available (builds it with Go on first use)')
    .action(() =>
      runProcess(() => import('../../dev/temporal/provision-cli').then((entry) => entry.provisionTemporalCli())),
    );
}

/** A process that fails to start runs the shutdown hooks it registered (stopping what it started), then exits 1. */
async function runProcess(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    process.stderr.write(`orderops: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown('start-up failed', 1);
  }
}
