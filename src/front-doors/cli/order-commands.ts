import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ORDER_STATUSES, type OrderStatus } from '../../contracts/order-workflow';
import type { OrderOpsClient, OrderView } from '../client/orderops-client';
import {
  describeCancelOutcome,
  describeOrder,
  exitCodeFor,
  listingTable,
  placedLine,
  progressLine,
} from './order-output';

type ClientFactory = () => Promise<OrderOpsClient>;

/** A mistake the user can fix; main prints the message (no stack) and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const POLL_INTERVAL_MS = 1_000;
const JSON_HELP = 'print JSON for scripts instead of text';
const EXIT_CODES_HELP = '\nExit codes: 0 completed, 3 rejected, 4 cancelled, 1 any other error, 2 invalid input.';

/** `orderops place | status | wait | cancel | list`: the typed client, for people and scripts. */
export function registerOrderCommands(program: Command, connect: ClientFactory): void {
  program
    .command('place')
    .description('place an order from a JSON file (or - for stdin), or from flags')
    .argument('[file]', 'order JSON file, e.g. examples/order.json; - reads stdin')
    .option('--order-id <id>', 'the order id (single-use: a new one for every order)')
    .option('--customer <id>', 'the customer id')
    .option('--currency <code>', 'ISO 4217 currency', 'EUR')
    .option(
      '--item <sku:qty:unitPriceMinor>',
      'a line item, price in minor units (cents); repeat for more',
      collect,
      [],
    )
    .option('--name <name>', 'recipient name')
    .option('--line1 <street>', 'street and number')
    .option('--city <city>', 'city')
    .option('--postal-code <code>', 'postal code')
    .option('--country <code>', 'ISO 3166-1 alpha-2 country, e.g. FR')
    .option('--payment-ref <token>', 'the payment reference (card token)')
    .option(
      '--wait',
      'follow the order until it closes, printing a line when something changes; exit code says how it ended',
    )
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      `\nExamples:\n  orderops place examples/order.json --wait\n  orderops place --order-id B2002 --customer cust-42 --item SKU-0001:2:1999 --name "Ada Lovelace" \\\n    --line1 "12 Rue de la République" --city Lyon --postal-code 69002 --country FR --payment-ref tok_visa_4242${EXIT_CODES_HELP}`,
    )
    .action(async (file: string | undefined, flags: PlaceFlags) => {
      const order = file ? await readOrderFile(file) : orderFromFlags(flags);
      const client = await connect();
      const placed = await client.place(order);
      if (!flags.wait) {
        if (flags.json) printJson(placed);
        else process.stdout.write(`${placedLine(placed)}; follow it with \`orderops wait ${placed.orderId}\`\n`);
        return;
      }
      // The outcome goes to stdout; this line, like the progress lines, to stderr.
      process.stderr.write(`${placedLine(placed)}\n`);
      await followAndExit(client, placed.orderId, Boolean(flags.json));
    });

  program
    .command('status')
    .description("an order's status: where it is while running, its outcome once closed")
    .argument('<orderId>')
    .option('--json', JSON_HELP)
    .addHelpText('after', '\nExamples:\n  orderops status A1001\n  orderops status A1001 --json | jq .status')
    .action(async (orderId: string, flags: { json?: boolean }) => {
      const view = await (await connect()).get(orderId);
      process.stdout.write(`${flags.json ? JSON.stringify(view, null, 2) : describeOrder(view)}\n`);
    });

  program
    .command('wait')
    .description('follow an order until it closes, printing a line only when something changes')
    .argument('<orderId>')
    .option('--json', 'print the final order as JSON')
    .addHelpText('after', `\nExamples:\n  orderops wait A1001 && echo shipped${EXIT_CODES_HELP}`)
    .action(async (orderId: string, flags: { json?: boolean }) =>
      followAndExit(await connect(), orderId, Boolean(flags.json)),
    );

  program
    .command('cancel')
    .description('cancel an order that has not been booked yet, and wait for its answer: its real final state')
    .argument('<orderId>')
    .requiredOption('--reason <text>', 'why; shown to operators')
    .option('--no-wait', 'return once the order accepted the cancellation, without waiting for the undoing')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      '\nExamples:\n  orderops cancel A1001 --reason "customer asked"\n\nExit codes: 0 cancelled (or accepted, with --no-wait), 3 rejected, 1 refused or any other error.',
    )
    .action(async (orderId: string, flags: { reason: string; wait: boolean; json?: boolean }) => {
      const client = await connect();
      if (!flags.wait) {
        const requested = await client.requestCancel(orderId, flags.reason);
        if (flags.json) printJson(requested);
        else
          process.stdout.write(
            `order ${orderId}: cancellation accepted; follow it with \`orderops wait ${orderId}\`\n`,
          );
        return;
      }
      const outcome = await client.cancel(orderId, flags.reason);
      process.stdout.write(`${flags.json ? JSON.stringify(outcome, null, 2) : describeCancelOutcome(outcome)}\n`);
      if (outcome.status !== 'CANCELLED')
        process.exitCode = outcome.status === 'REJECTED' ? exitCodeFor('REJECTED') : 1;
    });

  program
    .command('list')
    .description('orders, newest first, from Temporal visibility (a second or so behind)')
    .addOption(new Option('--status <status>', 'only orders with this status').choices(ORDER_STATUSES))
    .option('--customer <id>', 'only orders of this customer')
    .option('--limit <n>', 'at most this many', parsePositiveInt, 20)
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      '\nExamples:\n  orderops list --status REJECTED\n  orderops list --customer cust-42 --limit 5 --json',
    )
    .action(async (flags: { status?: OrderStatus; customer?: string; limit: number; json?: boolean }) => {
      const orders = await (
        await connect()
      ).list({ status: flags.status, customerId: flags.customer, limit: flags.limit });
      process.stdout.write(`${flags.json ? JSON.stringify(orders, null, 2) : listingTable(orders)}\n`);
    });
}

/** Polls the order, printing a progress line when it changes (stderr), then the outcome (stdout); sets the exit code. */
async function followAndExit(client: OrderOpsClient, orderId: string, json: boolean): Promise<void> {
  const view = await follow(client, orderId, (line) =>
    process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${orderId} ${line}\n`),
  );
  process.stdout.write(`${json ? JSON.stringify(view, null, 2) : describeOrder(view)}\n`);
  process.exitCode = exitCodeFor(view.status);
}

export async function follow(
  client: OrderOpsClient,
  orderId: string,
  onChange: (line: string) => void,
): Promise<OrderView> {
  let last: string | undefined;
  for (;;) {
    const view = await client.get(orderId);
    if (view.closedAt) return view;
    const line = progressLine(view);
    if (line !== last) onChange(line);
    last = line;
    await sleep(POLL_INTERVAL_MS);
  }
}

interface PlaceFlags {
  orderId?: string;
  customer?: string;
  currency: string;
  item: string[];
  name?: string;
  line1?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  paymentRef?: string;
  wait?: boolean;
  json?: boolean;
}

async function readOrderFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new UsageError(`${file}: not found (give the path of an order JSON file, e.g. examples/order.json)`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder; give the path of an order JSON file`);
    if (code === 'EACCES') throw new UsageError(`${file}: permission denied`);
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function orderFromFlags(flags: PlaceFlags): unknown {
  const given = [
    flags.orderId,
    flags.customer,
    flags.name,
    flags.line1,
    flags.city,
    flags.postalCode,
    flags.country,
    flags.paymentRef,
  ].some((v) => v !== undefined);
  if (!given && flags.item.length === 0) {
    throw new UsageError(
      'give an order file (e.g. `orderops place examples/order.json`, or - for stdin) or the flags (see `orderops place --help`)',
    );
  }
  return {
    orderId: flags.orderId,
    customerId: flags.customer,
    currency: flags.currency,
    items: flags.item.map(parseItem),
    shippingAddress: {
      name: flags.name,
      line1: flags.line1,
      city: flags.city,
      postalCode: flags.postalCode,
      country: flags.country,
    },
    paymentReference: flags.paymentRef,
  };
}

function parseItem(spec: string): unknown {
  const [sku, quantity, unitPriceMinor] = spec.split(':');
  return { sku, quantity: Number(quantity), unitPriceMinor: Number(unitPriceMinor) };
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of at least 1');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
