import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLINED_PAYMENT_REFERENCE } from '../../src/dev/partner-simulator';
import { findFreePort } from '../../src/platform/free-port';
import { projectRoot } from '../../src/platform/config';
import { sampleOrder, startTestStack, type TestStack } from '../support/orderops-stack';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real `orderops` command, as a script would run it. */
function orderops(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot(), 'src/front-doors/cli/main.ts'), ...args],
      {
        cwd: projectRoot(),
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the orderops CLI, on the real dev server and workers', () => {
  let stack: TestStack;
  let queues: NodeJS.ProcessEnv;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'orderops-cli-'));
  const orderFile = (order: unknown) => {
    const file = path.join(folder, `${(order as { orderId: string }).orderId}.json`);
    writeFileSync(file, JSON.stringify(order));
    return file;
  };

  beforeAll(async () => {
    stack = await startTestStack();
    queues = {
      ORDEROPS_ORDERS_QUEUE: stack.config.taskQueues.orders,
      ORDEROPS_PARTNER_IO_QUEUE: stack.config.taskQueues.partnerIo,
      ORDEROPS_ROUTE_SCORING_QUEUE: stack.config.taskQueues.routeScoring,
    };
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('place --wait of a declined order exits non-zero (3) and says why and what to do', async () => {
    const order = sampleOrder({ paymentReference: DECLINED_PAYMENT_REFERENCE });
    const run = await orderops(['place', orderFile(order), '--wait'], queues);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toContain(`order ${order.orderId}: REJECTED`);
    expect(run.stdout).toContain('PaymentDeclined');
    expect(run.stdout).toContain('what to do:');
  });

  it('place --wait --json of a good order exits 0 and prints the order as JSON', async () => {
    const order = sampleOrder();
    const run = await orderops(['place', orderFile(order), '--wait', '--json'], queues);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      orderId: order.orderId,
      status: 'COMPLETED',
      booking: { trackingNumber: expect.any(String) },
    });
  });

  it('wait prints a line only when something changes, naming what is outstanding', { timeout: 240_000 }, async () => {
    const order = sampleOrder();
    // The card network answers slowly and fails three times before it authorizes: the order sits in
    // one state for many polls, and its attempts change now and then (the CLI, slow to start on a
    // loaded machine, still finds it waiting).
    await stack.partners.setFaults({
      rules: [{ target: 'payments.authorize', latency: 3_000, failFirst: 3, errorStatus: 503 }],
    });
    try {
      await stack.orders.place(order);
      const run = await orderops(['wait', order.orderId], queues);
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stderr
        .trim()
        .split('\n')
        .map((line) => line.replace(/^\d\d:\d\d:\d\d /, ''));
      expect(lines.length).toBeGreaterThan(0);
      for (let i = 1; i < lines.length; i++)
        expect(lines[i], `line ${i} repeats the one before`).not.toBe(lines[i - 1]);
      expect(
        lines.some((line) => line.includes('outstanding:') && line.includes('payments authorize-payment')),
        run.stderr,
      ).toBe(true);
      expect(run.stdout).toContain(`order ${order.orderId}: COMPLETED`);
    } finally {
      await stack.partners.clearFaults();
    }
  });

  it('list filters by status and customer', async () => {
    const order = sampleOrder({ customerId: `cust-cli-${Date.now()}` });
    await stack.orders.place(order);
    await stack.orders.result(order.orderId);
    let listed: { orderId: string; status: string }[] = [];
    for (let attempt = 0; attempt < 20 && listed.length === 0; attempt++) {
      const run = await orderops(['list', '--customer', order.customerId, '--status', 'COMPLETED', '--json'], queues);
      expect(run.code, run.stderr).toBe(0);
      listed = JSON.parse(run.stdout) as typeof listed;
    }
    expect(listed).toEqual([expect.objectContaining({ orderId: order.orderId, status: 'COMPLETED' })]);
  });

  describe('errors that say what to do', () => {
    it('place with neither a file nor flags', async () => {
      const run = await orderops(['place'], queues);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('give an order file');
      expect(run.stderr).toContain('or the flags');
    });

    it('place with a file that does not exist: its path and "not found", no raw ENOENT', async () => {
      const run = await orderops(['place', 'orders/nope.json'], queues);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('orders/nope.json: not found');
      expect(run.stderr).not.toContain('ENOENT');
    });

    it('Temporal unreachable: is `npm start` running? or set TEMPORAL_ADDRESS', async () => {
      const run = await orderops(['status', 'A1001'], { TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}` });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('is `npm start` running? or set TEMPORAL_ADDRESS');
    });

    it('schedules describe before apply: run `orderops schedules apply`, not an internal workflow id', async () => {
      const run = await orderops(['schedules', 'describe']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('run `orderops schedules apply`');
      expect(run.stderr).not.toContain('temporal-sys-scheduler');
    });
  });

  it('--version and --help name the version, TEMPORAL_ADDRESS and the exit codes', async () => {
    const version = await orderops(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await orderops(['--help']);
    expect(help.stdout).toContain('TEMPORAL_ADDRESS');
    const placeHelp = await orderops(['place', '--help']);
    expect(placeHelp.stdout).toContain('Exit codes: 0 completed, 3 rejected, 4 cancelled');
    expect(placeHelp.stdout).toContain('Examples:');
  });
});
