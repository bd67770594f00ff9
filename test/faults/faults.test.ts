import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/dev/partner-simulator/faults/spec';
import { WORKER_SIZING } from '../../src/workers/sizing';
import { auditBatch } from './support/audit';
import { FaultStack, type StackProcess } from './support/fault-stack';
import { placeBatch, type BatchOptions } from './support/orders';
import { formatReport, writeReport, type FaultReport, type FaultReportRow } from './support/report';

/**
 * The fault suite: the whole system as separate processes, a batch of orders per fault, and after
 * each fault an audit of every order (closed, with a reason) and of the partners' ledger (nothing
 * charged twice, nothing held by an order that did not complete). FAULTS_BATCH sets the batch size.
 */
const BATCH = Number(process.env.FAULTS_BATCH ?? 100);
const RECOVERY_WINDOW_MS = Number(process.env.FAULTS_RECOVERY_SECONDS ?? 420) * 1_000;
const SDK_BUG = /SDK bug/i;
/**
 * The one SDK error line known to come from Temporal's Core, not from our code: a CacheFull eviction
 * of a run with local activities in flight (reproduced in isolation by eviction/sdk-eviction-repro.test.ts;
 * temporalio/sdk-rust#1482 fixed it for a cache of 0 only). It is counted and reported, and every
 * order must still come out right; any other "SDK bug" line fails the fault.
 */
const KNOWN_SDK_EVICTION_ERROR =
  /should not be any outgoing commands or messages when preparing a completion response if the activation was only an eviction/;

/** Every partner call takes a while, so a kill or a signal lands on calls in flight. */
const SLOW_PARTNERS: FaultRule[] = ['inventory', 'payments', 'fraud', 'carriers'].map((target) => ({
  target: target as FaultRule['target'],
  latency: { uniform: [200, 1_200] },
}));

const stack = new FaultStack();
const started = Date.now();
const rows: FaultReportRow[] = [];

beforeAll(async () => {
  await stack.start();
}, 600_000);

afterAll(async () => {
  const report: FaultReport = {
    generatedAt: new Date().toISOString(),
    batchSize: BATCH,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    rows,
  };
  writeReport(report);
  process.stdout.write(`\nfault suite report (test-artifacts/faults-report.json)\n${formatReport(report)}\n`);
  await stack.stop();
}, 300_000);

interface FaultRun {
  name: string;
  batch?: Partial<Omit<BatchOptions, 'apiUrl' | 'prefix'>>;
  /** Partner behaviour for the whole batch (on top of nothing: the rules replace SLOW_PARTNERS). */
  partnerRules?: FaultRule[];
  /** Runs once the batch is placed; returns notes for the report. */
  inject: (ctx: { notes: string[] }) => Promise<void>;
}

let faultNumber = 0;

/** Places a batch, injects the fault, waits for every order to close, audits, and records a report line. */
async function runFault(run: FaultRun): Promise<FaultReportRow> {
  faultNumber += 1;
  const linesBefore = new Map(stack.workerHistory.map((w) => [w, w.lines.length]));
  await stack.admin.setFaults({ rules: run.partnerRules ?? SLOW_PARTNERS });
  const notes: string[] = [];
  const orders = await placeBatch({
    apiUrl: stack.apiUrl,
    size: BATCH,
    prefix: `F${faultNumber}${run.name.replace(/[^a-z0-9]/g, '').slice(0, 10)}`,
    ...run.batch,
  });
  await run.inject({ notes });
  const faultEndedAt = Date.now();
  // Partners behave again once the fault is over, so the compensations can finish.
  if (run.partnerRules) await stack.admin.setFaults({ rules: SLOW_PARTNERS });
  const cancelAnswers: Record<string, number> = {};
  for (const answer of await Promise.all(orders.flatMap((o) => (o.cancelAnswer ? [o.cancelAnswer] : []))))
    cancelAnswers[answer] = (cancelAnswers[answer] ?? 0) + 1;
  if (Object.keys(cancelAnswers).length > 0) notes.push(`cancel answers: ${JSON.stringify(cancelAnswers)}`);
  const audit = await auditBatch({
    client: stack.client,
    admin: stack.admin,
    orders,
    faultEndedAt,
    recoveryWindowMs: RECOVERY_WINDOW_MS,
  });
  // Read once every order has closed: lines logged while the batch finished count too.
  const errorLines = stack.workerHistory.flatMap((w) => w.lines.slice(linesBefore.get(w) ?? 0).filter(isErrorLine));
  const sdkBugLines = errorLines.filter((line) => SDK_BUG.test(line) && !KNOWN_SDK_EVICTION_ERROR.test(line));
  const knownSdkEvictionLines = errorLines.filter((line) => KNOWN_SDK_EVICTION_ERROR.test(line)).length;
  audit.counts.sdkBugLines = sdkBugLines.length;
  for (const line of sdkBugLines.slice(0, 3)) audit.problems.push(`worker log: ${line.slice(0, 400)}`);
  if (knownSdkEvictionLines > 0)
    notes.push(
      `${knownSdkEvictionLines} known SDK eviction error line(s) (Core, local activity + CacheFull eviction; see test/faults/eviction)`,
    );
  for (const [type, message] of Object.entries(audit.rejectionSamples))
    notes.push(`a ${type} rejection reads: ${message}`);
  const row: FaultReportRow = {
    fault: run.name,
    ...audit.counts,
    rejectedBy: audit.rejectedBy,
    cancelAnswers,
    knownSdkEvictionLines,
    recoverSeconds: audit.recoverMs / 1000,
    notes,
    problems: audit.problems,
  };
  rows.push(row);
  return row;
}

function isErrorLine(line: string): boolean {
  try {
    const parsed = JSON.parse(line) as { level?: number };
    return (parsed.level ?? 0) >= 50;
  } catch {
    return /error/i.test(line);
  }
}

function expectClean(row: FaultReportRow): void {
  // A cancel racing the order's own progress answers the outcome, a refusal or 503: never a 5xx other than 503.
  const serverErrors = Object.keys(row.cancelAnswers).filter((answer) => /^5\d\d$/.test(answer) && answer !== '503');
  expect(serverErrors, JSON.stringify(row.cancelAnswers)).toEqual([]);
  const { lost, doubled, held, stuck, sdkBugLines } = row;
  expect({ lost, doubled, held, stuck, sdkBugLines }, row.problems.slice(0, 10).join('\n')).toEqual({
    lost: 0,
    doubled: 0,
    held: 0,
    stuck: 0,
    sdkBugLines: 0,
  });
  expect(row.completed + row.rejected + row.cancelled).toBe(row.sent);
}

/** Waits until some of this batch's orders are at the given status (visibility), so a kill lands mid-step. */
async function waitForStatus(status: string, atLeast: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const query = `OrderStatus = '${status}' AND TaskQueue = '${stack.queues.orders}' AND ExecutionStatus = 'Running'`;
  while (Date.now() < deadline) {
    const { count } = await stack.client.workflow.count(query);
    if (count >= atLeast) return count;
    await sleep(250);
  }
  return 0;
}

function only(kind: 'io' | 'cpu'): StackProcess {
  const [worker] = stack.workersOf(kind);
  if (!worker) throw new Error(`no ${kind} worker running`);
  return worker;
}

async function exitWithin(
  worker: StackProcess,
  ms: number,
): Promise<{ code: number | null; signal: string | null; ms: number } | undefined> {
  const from = Date.now();
  const exit = await Promise.race([worker.exited, sleep(ms).then(() => undefined)]);
  return exit && { ...exit, ms: Date.now() - from };
}

describe('fault suite: nothing lost, nothing doubled, nothing held, nothing stuck', () => {
  it('kill -9 of the I/O worker with orders in partner calls, scoring waits and compensations, then a restart', async () => {
    const row = await runFault({
      name: 'io-worker-kill9',
      inject: async ({ notes }) => {
        await waitForStatus('RESERVING', Math.ceil(BATCH / 10));
        await waitForStatus('COMPENSATING', 1, 20_000);
        await stack.kill9(only('io'));
        notes.push('I/O worker killed with SIGKILL; restarted after 3 s');
        await sleep(3_000);
        await stack.startWorker('io');
      },
    });
    expectClean(row);
  }, 900_000);

  it('kill -9 of the CPU worker mid-scoring, then a restart', async () => {
    const row = await runFault({
      name: 'cpu-worker-kill9',
      inject: async ({ notes }) => {
        const scoring = await waitForStatus('SCORING', 1);
        await stack.kill9(only('cpu'));
        notes.push(`CPU worker killed with SIGKILL while ${scoring} order(s) were scoring; restarted after 3 s`);
        await sleep(3_000);
        await stack.startWorker('cpu');
      },
    });
    expectClean(row);
  }, 900_000);

  it('kill -9 of one CPU worker mid-scoring: a second one takes over without a restart', async () => {
    await stack.startWorker('cpu');
    const row = await runFault({
      name: 'cpu-worker-takeover',
      inject: async ({ notes }) => {
        const scoring = await waitForStatus('SCORING', 1);
        const [first] = stack.workersOf('cpu');
        await stack.kill9(first as StackProcess);
        notes.push(`one of two CPU workers killed while ${scoring} order(s) were scoring; no restart`);
      },
    });
    expectClean(row);
  }, 900_000);

  it('a restart of the Temporal dev server (same SQLite file) with orders in flight', async () => {
    const row = await runFault({
      name: 'temporal-restart',
      inject: async ({ notes }) => {
        await waitForStatus('RESERVING', Math.ceil(BATCH / 10));
        await stack.restartTemporal(3_000);
        notes.push('dev server killed with SIGKILL, started again on the same file 3 s later');
      },
    });
    expectClean(row);
  }, 900_000);

  it('partner chaos for a whole batch: 5xx, 429 + Retry-After, hangs, resets, slow bodies, late answers after acting', async () => {
    const late = 12_000; // past every partner call's startToClose (at most 10 s)
    const row = await runFault({
      name: 'partner-chaos',
      partnerRules: [
        { target: 'inventory.reserve', lateAnswerMs: late, errorRate: 0.25 },
        { target: 'inventory.release', errorStatus: 500, errorRate: 0.3 },
        { target: 'payments.authorize', errorStatus: 429, retryAfterSeconds: 1, errorRate: 0.3 },
        { target: 'payments.void', lateAnswerMs: late, errorRate: 0.25 },
        { target: 'payments.capture', resetConnection: true, errorRate: 0.3, slowBodyMs: 1_500 },
        { target: 'fraud', hang: true, errorRate: 0.2 },
        { target: 'carriers.quote', errorStatus: 502, errorRate: 0.3, slowBodyMs: 800 },
        { target: 'carriers.book', lateAnswerMs: late, errorRate: 0.25 },
      ],
      inject: async ({ notes }) => {
        await sleep(20_000);
        notes.push('chaos rules held for 20 s after the batch was placed, then lifted');
      },
    });
    expectClean(row);
  }, 900_000);

  it("the inventory partner reserves but its answer arrives after every attempt's deadline: the stock is released", async () => {
    const row = await runFault({
      name: 'inventory-late-every-attempt',
      batch: { declinedShare: 0, cancelledShare: 0 },
      partnerRules: [
        ...SLOW_PARTNERS.filter((r) => r.target !== 'inventory'),
        { target: 'inventory.reserve', lateAnswerMs: 6_000 },
      ],
      inject: async ({ notes }) => {
        // reserveInventory gives up after its 60 s scheduleToClose; keep the rule until then.
        await waitForStatus('REJECTED', BATCH, 180_000);
        notes.push('every reserve answered 6 s late (attempt deadline 5 s), on every attempt');
      },
    });
    // Not vacuous: most orders did fail this way (a rare attempt can still beat its deadline on a loaded machine).
    expect(row.rejected).toBeGreaterThan(row.sent / 2);
    expectClean(row);
  }, 900_000);

  it('SIGTERM to the I/O worker under load: in-flight work finishes or is handed back within the grace, exit code 0', async () => {
    const graceMs = WORKER_SIZING.io.shutdownGraceSeconds * 1_000;
    let exit: Awaited<ReturnType<typeof exitWithin>>;
    const row = await runFault({
      name: 'io-worker-sigterm',
      inject: async ({ notes }) => {
        await waitForStatus('RESERVING', Math.ceil(BATCH / 10));
        const worker = only('io');
        worker.signal('SIGTERM');
        exit = await exitWithin(worker, graceMs + 30_000);
        notes.push(
          `SIGTERM: exit ${exit ? `code ${exit.code} after ${(exit.ms / 1000).toFixed(1)} s` : 'none within the grace'} (grace ${graceMs / 1000} s)`,
        );
        await stack.startWorker('io');
      },
    });
    expect(exit?.code).toBe(0);
    expectClean(row);
  }, 900_000);

  it('SIGTERM to a CPU worker under load: scoring finishes or is handed back, exit code 0', async () => {
    const graceMs = WORKER_SIZING.cpu.shutdownGraceSeconds * 1_000;
    let exit: Awaited<ReturnType<typeof exitWithin>>;
    const row = await runFault({
      name: 'cpu-worker-sigterm',
      inject: async ({ notes }) => {
        await waitForStatus('SCORING', 1);
        const worker = only('cpu');
        worker.signal('SIGTERM');
        exit = await exitWithin(worker, graceMs + 30_000);
        notes.push(
          `SIGTERM: exit ${exit ? `code ${exit.code} after ${(exit.ms / 1000).toFixed(1)} s` : 'none within the grace'} (grace ${graceMs / 1000} s)`,
        );
        await stack.startWorker('cpu');
      },
    });
    expect(exit?.code).toBe(0);
    expectClean(row);
  }, 900_000);

  it('a second SIGTERM forces a draining I/O worker out at once, exit code 143; while draining it is not ready', async () => {
    let exit: Awaited<ReturnType<typeof exitWithin>>;
    const readinessWhileDraining: string[] = [];
    const row = await runFault({
      name: 'io-worker-sigterm-twice',
      // Fraud never answers: its calls hold the worker's drain until their own deadline.
      partnerRules: [...SLOW_PARTNERS.filter((r) => r.target !== 'fraud'), { target: 'fraud', hang: true }],
      inject: async ({ notes }) => {
        await waitForStatus('RESERVING', Math.ceil(BATCH / 10));
        // Fraud calls hanging in flight are what holds the drain (up to the worker's grace).
        const deadline = Date.now() + 60_000;
        while (
          !Object.entries((await stack.admin.stats()).inFlight).some(
            ([target, n]) => target.startsWith('fraud') && n > 0,
          )
        ) {
          if (Date.now() > deadline) throw new Error('no fraud call in flight within 60 s');
          await sleep(100);
        }
        const worker = only('io');
        worker.signal('SIGTERM');
        const firstSignalAt = Date.now();
        const probing = (async () => {
          await sleep(300); // the signal reaches the process's handler first
          while (!worker.hasExited) {
            const answer = await worker.readiness();
            if (answer) readinessWhileDraining.push(`${answer.status} ${answer.detail}`);
            await sleep(200);
          }
        })();
        // Past the window in which a repeated signal counts as the same Ctrl-C (platform/shutdown.ts).
        await sleep(Math.max(0, firstSignalAt + 1_500 - Date.now()));
        expect(worker.hasExited, 'the worker drained before a second signal could reach it').toBe(false);
        worker.signal('SIGTERM');
        exit = await exitWithin(worker, 30_000);
        await probing;
        notes.push(
          `second SIGTERM 1.5 s after the first: exit ${exit ? `code ${exit.code} ${(exit.ms / 1000).toFixed(1)} s after it` : 'none within 30 s'}`,
        );
        notes.push(`readiness while draining: ${[...new Set(readinessWhileDraining)].join(', ') || 'no answer'}`);
        await stack.startWorker('io');
      },
    });
    expect(exit?.code).toBe(143);
    // Every answer it gave while draining said so (an overloaded worker may not answer at all).
    expect(readinessWhileDraining.filter((answer) => answer !== '503 draining: shutting down')).toEqual([]);
    expectClean(row);
  }, 900_000);

  it('a workflow cache of one entry under concurrent orders (an eviction on almost every task)', async () => {
    const normal = only('io');
    const tiny = await stack.startWorker('io', { ORDEROPS_IO_CACHED_WORKFLOWS: '1' });
    await normal.stop(60_000);
    const row = await runFault({
      name: 'tiny-workflow-cache',
      inject: async ({ notes }) => {
        await sleep(15_000);
        notes.push('one I/O worker with ORDEROPS_IO_CACHED_WORKFLOWS=1 served the whole batch');
      },
    });
    await stack.startWorker('io');
    await tiny.stop(60_000);
    expectClean(row);
  }, 900_000);
});
