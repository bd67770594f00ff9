// `orderops`: the command line for people (and scripts) on top of the typed client.
import { Command, CommanderError } from 'commander';
import { OrderOpsClient } from '../client/orderops-client';
import { OrderValidationError } from '../client/order-errors';
import { connectClient } from '../../platform/temporal-connection';
import { loadConfig } from '../../platform/config';
import { registerHistoryCommands } from './history-commands';
import { registerOrderCommands } from './order-commands';
import { registerProcessCommands } from './process-commands';
import { registerScheduleCommands } from './schedule-commands';

async function main(argv: string[]): Promise<void> {
  let connection: Awaited<ReturnType<typeof connectClient>> | undefined;
  const connect = async () => {
    connection ??= await connectClient({ waitMs: 5_000 });
    return new OrderOpsClient(connection.client, loadConfig().taskQueues);
  };
  const program = new Command('orderops').description('OrderOps: place and follow orders, manage the partner sync').exitOverride();
  registerOrderCommands(program, connect);
  registerScheduleCommands(program, async () => (connection ??= await connectClient({ waitMs: 5_000 })).client);
  registerHistoryCommands(program);
  registerProcessCommands(program);
  try {
    await program.parseAsync(argv);
  } finally {
    await connection?.connection.close();
  }
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof OrderValidationError) {
    process.stderr.write(`orderops: invalid order\n${err.problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}\n`);
    process.exit(2);
  }
  process.stderr.write(`orderops: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
