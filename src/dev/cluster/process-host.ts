/**
 * A small Node process that owns one native cluster process (PostgreSQL, a Temporal service, the
 * Web UI server), so the `npm run cluster` supervisor handles every process the same way
 * (ManagedChild): the host carries the parent watch (it stops its program if the supervisor is
 * SIGKILLed), turns "stop" into the signal the program wants (PostgreSQL: SIGINT, its fast
 * shutdown; SIGTERM would wait for every client to disconnect), and exits with the program's code
 * when it dies on its own, which the supervisor sees as an unexpected exit.
 *
 *   process-host.ts --name history [--stop-signal SIGINT] [--user postgres] [--pid-file F] -- cmd args...
 *
 * The program's stdout and stderr are the host's, so the supervisor relays them.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from '../../platform/logger';
import { onShutdown, shutdown } from '../../platform/shutdown';

const SIGNALS = new Set<NodeJS.Signals>(['SIGINT', 'SIGTERM', 'SIGQUIT']);

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'stop-signal': { type: 'string', default: 'SIGTERM' },
      user: { type: 'string' },
      'pid-file': { type: 'string' },
    },
  });
  const name = values.name ?? 'program';
  const log = createLogger(`host-${name}`);
  const [command, ...args] = positionals;
  if (!command) throw new Error('no command given after --');
  const stopSignal = values['stop-signal'] as NodeJS.Signals;
  if (!SIGNALS.has(stopSignal)) throw new Error(`unsupported stop signal ${stopSignal}`);

  const identity = values.user ? userIds(values.user) : undefined;
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...(identity ?? {}) });
  const pidFile = values['pid-file'];
  if (pidFile && child.pid !== undefined) fs.writeFileSync(pidFile, `${child.pid}\n`);

  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (pidFile) fs.rmSync(pidFile, { force: true });
      resolve();
      if (stopping) return;
      log.error({ program: name, exitCode: code, signal }, `${name} exited on its own`);
      void shutdown(`${name} exited`, code || 1);
    });
    child.once('error', (error) => {
      log.error({ program: name, command, error: error.message }, `could not start ${name}`);
      resolve();
      if (!stopping) void shutdown(`${name} did not start`, 1);
    });
  });

  onShutdown(
    async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        try {
          child.kill(stopSignal);
        } catch {
          // Already gone.
        }
      }
      // The supervisor SIGKILLs this whole process group if the program outlives its grace period.
      await exited;
    },
    { log },
  );
}

/** The uid and gid of a system user, e.g. `postgres`: initdb and postgres refuse to run as root. */
function userIds(user: string): { uid: number; gid: number } {
  const uid = Number.parseInt(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim(), 10);
  const gid = Number.parseInt(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim(), 10);
  return { uid, gid };
}

try {
  main();
} catch (error: unknown) {
  process.stderr.write(`process host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
