// `orderops`: the command line for people (and scripts) on top of the typed client.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { OrderOpsClient } from '../client/orderops-client';
import { OrderNotFoundError, OrderValidationError } from '../client/order-errors';
import { isTransientTemporalError } from '../client/transient';
import { connectClient, TEMPORAL_UNREACHABLE_HINT, TemporalUnreachableError } from '../../platform/temporal-connection';
import { loadConfig, projectRoot } from '../../platform/config';
import { registerHistoryCommands } from './history-commands';
import { registerOrderCommands, UsageError } from './order-commands';
import { EXIT } from './order-output';
import { registerProcessCommands } from './process-commands';
import { registerScheduleCommands } from './schedule-commands';

const ENVIRONMENT_HELP = `
Environment:
  TEMPORAL_ADDRESS      the Temporal server (default localhost:7233, which \`npm start\` runs)
  TEMPORAL_NAMESPACE    its namespace (default: default)
  TEMPORAL_API_KEY      an API key for Temporal Cloud; TLS and profiles follow Temporal's environment configuration
  ORDEROPS_API_KEYS     keys for the HTTP API (\`orderops api\`), name:secret:scopes (see README)
  More settings: README, section Configuration.`;

async function main(argv: string[]): Promise<void> {
  let connection: Awaited<ReturnType<typeof connectClient>> | undefined;
  const temporal = async () => (connection ??= await connectClient({ waitMs: 5_000 })).client;
  const program = new Command('orderops')
    .description('OrderOps: place and follow orders, manage the partner sync, and start every OrderOps process')
    .version(packageVersion(), '-V, --version', 'print the OrderOps version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', ENVIRONMENT_HELP)
    .exitOverride();
  registerOrderCommands(program, async () => new OrderOpsClient(await temporal(), loadConfig().taskQueues));
  registerScheduleCommands(program, temporal);
  registerHistoryCommands(program);
  registerProcessCommands(program);
  try {
    await program.parseAsync(argv);
  } finally {
    await connection?.connection.close();
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every failure ends in one line that says what to do, and an exit code scripts can tell apart. */
function explain(err: unknown): { message: string; code: number } {
  if (err instanceof OrderValidationError) {
    return {
      message: `invalid order\n${err.problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`,
      code: EXIT.invalidInput,
    };
  }
  if (err instanceof UsageError) return { message: err.message, code: EXIT.invalidInput };
  if (err instanceof OrderNotFoundError)
    return {
      message: `${err.message} in namespace ${process.env.TEMPORAL_NAMESPACE ?? 'default'} (\`orderops list\` shows the recent ones)`,
      code: EXIT.error,
    };
  if (err instanceof TemporalUnreachableError) return { message: err.message, code: EXIT.error };
  if (isTransientTemporalError(err)) {
    return {
      message: `Temporal did not answer (${err instanceof Error ? err.message : String(err)}): ${TEMPORAL_UNREACHABLE_HINT}`,
      code: EXIT.error,
    };
  }
  return { message: err instanceof Error ? err.message : String(err), code: EXIT.error };
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const { message, code } = explain(err);
  process.stderr.write(`orderops: ${message}\n`);
  process.exit(code);
});
