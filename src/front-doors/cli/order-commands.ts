import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { OrderOpsClient, OrderSnapshot } from '../client/orderops-client';

type ClientFactory = () => Promise<OrderOpsClient>;

/** `orderops place | status | wait | cancel`: the typed client, for people. */
export function registerOrderCommands(program: Command, connect: ClientFactory): void {
  program
    .command('place')
    .description('place an order from a JSON file (or - for stdin), or from flags')
    .argument('[file]', 'order JSON file, e.g. examples/order.json')
    .option('--order-id <id>')
    .option('--customer <id>')
    .option('--currency <code>', 'ISO 4217 currency', 'EUR')
    .option('--item <sku:qty:unitPriceMinor>', 'a line item; repeat for more', collect, [])
    .option('--name <name>')
    .option('--line1 <street>')
    .option('--city <city>')
    .option('--postal-code <code>')
    .option('--country <code>', 'ISO 3166-1 alpha-2')
    .option('--payment-ref <token>')
    .option('--wait', 'wait for the order to finish, printing its progress')
    .action(async (file: string | undefined, flags: PlaceFlags) => {
      const order = file ? await readOrderFile(file) : orderFromFlags(flags);
      const client = await connect();
      const placed = await client.place(order);
      print({ ...placed, note: placed.created ? 'order started' : 'this order was already placed; nothing new started' });
      if (flags.wait) print(await waitWithProgress(client, placed.orderId));
    });

  program
    .command('status')
    .description("an order's live status, or its result once finished")
    .argument('<orderId>')
    .action(async (orderId: string) => print(await (await connect()).get(orderId)));

  program
    .command('wait')
    .description('wait for an order to finish, printing its progress every few seconds')
    .argument('<orderId>')
    .action(async (orderId: string) => print(await waitWithProgress(await connect(), orderId)));

  program
    .command('cancel')
    .description('cancel an order that has not been booked yet')
    .argument('<orderId>')
    .requiredOption('--reason <text>', 'why; shown to operators')
    .action(async (orderId: string, flags: { reason: string }) => print(await (await connect()).cancel(orderId, flags.reason)));
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
}

async function readOrderFile(file: string): Promise<unknown> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function orderFromFlags(flags: PlaceFlags): unknown {
  return {
    orderId: flags.orderId,
    customerId: flags.customer,
    currency: flags.currency,
    items: flags.item.map(parseItem),
    shippingAddress: { name: flags.name, line1: flags.line1, city: flags.city, postalCode: flags.postalCode, country: flags.country },
    paymentReference: flags.paymentRef,
  };
}

function parseItem(spec: string): unknown {
  const [sku, quantity, unitPriceMinor] = spec.split(':');
  return { sku, quantity: Number(quantity), unitPriceMinor: Number(unitPriceMinor) };
}

async function waitWithProgress(client: OrderOpsClient, orderId: string): Promise<OrderSnapshot> {
  for (;;) {
    const snapshot = await client.get(orderId);
    if (snapshot.state !== 'running') return snapshot;
    process.stderr.write(`${new Date().toISOString()} ${orderId} ${snapshot.status.status}: ${snapshot.status.waitingOn}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
