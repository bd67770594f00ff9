import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { request, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_ORDER_WORKFLOW } from '../../src/contracts/workflow-names';
import { placeOrderEndpoint } from '../../src/front-doors/api/contract/endpoints';
import { OrderValidationError } from '../../src/front-doors/client/order-errors';
import { OrderOpsClient } from '../../src/front-doors/client/orderops-client';
import { workflowBundle } from '../../src/workers/workflow-bundle';
import { malformedOrders, type MalformedOrder } from '../support/malformed-orders';
import { connectTestClient, expectDocumented, send, startApi, type RunningApi } from './api/support/api-harness';

/**
 * Bad input through every door: the typed client, the HTTP API, the CLI, and a workflow started
 * directly with a Temporal client. Every malformed order is refused naming the field, and none
 * starts a workflow (counted on task queues of this file's own). Counts per door are printed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const CLI_RUNS = Number(process.env.FUZZ_CLI_RUNS ?? 4);
const WORKFLOW_RUNS = Number(process.env.FUZZ_WORKFLOW_RUNS ?? 12);
const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

const suffix = `fuzz-${process.pid}-${Date.now()}`;
const doorQueues = {
  orders: `orders-${suffix}`,
  partnerIo: `partner-io-${suffix}`,
  routeScoring: `route-scoring-${suffix}`,
};
const tried = { client: 0, api: 0, apiRawBytes: 0, cli: 0, workflow: 0, openapi: 0 };

let client: Client;
let closeClient: () => Promise<void>;
let api: RunningApi;

beforeAll(async () => {
  ({ client, close: closeClient } = await connectTestClient());
  api = await startApi({ orders: new OrderOpsClient(client, doorQueues), client });
});

afterAll(async () => {
  process.stdout.write(`bad input tried per door: ${JSON.stringify(tried)}\n`);
  await api?.close();
  await closeClient?.();
});

function namesField(problems: { field: string }[], field: string): boolean {
  return problems.some((p) => p.field === field);
}

describe('malformed orders are refused at every door, naming the field, and start nothing', () => {
  it('the typed client refuses each one with an OrderValidationError naming the field', async () => {
    const orders = new OrderOpsClient(client, doorQueues);
    await fc.assert(
      fc.asyncProperty(malformedOrders, async (malformed) => {
        tried.client += 1;
        const error = await orders.place(malformed.order).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(error, malformed.kind).toBeInstanceOf(OrderValidationError);
        expect(
          namesField((error as OrderValidationError).problems, malformed.field),
          `${malformed.kind}: ${(error as Error).message}`,
        ).toBe(true);
      }),
      { numRuns: RUNS, seed: 14 },
    );
  }, 120_000);

  it('the HTTP API answers 400 naming the field (413 past the body limit), never 5xx, always as documented', async () => {
    await fc.assert(
      fc.asyncProperty(malformedOrders, async (malformed) => {
        tried.api += 1;
        const answer = await send('POST', `${api.url}/orders`, { raw: JSON.stringify(malformed.order) });
        expect(answer.status, `${malformed.kind}: ${answer.text.slice(0, 300)}`).toBeOneOf([400, 413]);
        expectDocumented(placeOrderEndpoint, answer);
        if (answer.status === 400) {
          const body = answer.body as { problems: { field: string; message: string }[] };
          expect(namesField(body.problems, malformed.field), `${malformed.kind}: ${answer.text.slice(0, 300)}`).toBe(
            true,
          );
        } else {
          expect((answer.body as { message: string }).message).toMatch(/limit|large/i);
        }
      }),
      { numRuns: RUNS, seed: 15 },
    );
  }, 180_000);

  it('the HTTP API refuses bodies that are not UTF-8 JSON at all (random bytes, BOMs, wrong types) with a 4xx', async () => {
    const bodies = fc.oneof(
      fc
        .uint8Array({ minLength: 0, maxLength: 2_000 })
        .map((bytes) => ({ bytes: Buffer.from(bytes), contentType: 'application/json' })),
      fc.constantFrom(
        { bytes: Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"orderId":"A1"}')]), contentType: 'application/json' },
        { bytes: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), contentType: 'application/json' },
        { bytes: Buffer.from('{"orderId":"A1"}', 'utf16le'), contentType: 'application/json' },
        { bytes: Buffer.from('orderId=A1'), contentType: 'application/x-www-form-urlencoded' },
        { bytes: Buffer.from('{}'), contentType: 'text/plain' },
        { bytes: Buffer.from('{"orderId":"A1"}'), contentType: 'application/json; charset=latin1' },
      ),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async ({ bytes, contentType }) => {
        tried.apiRawBytes += 1;
        const answer = await send('POST', `${api.url}/orders`, { raw: bytes, contentType });
        expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
        expectDocumented(placeOrderEndpoint, answer);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: 16 },
    );
  }, 120_000);

  it('the CLI exits 2 and names the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-fuzz-cli-'));
    const samples = fc.sample(
      malformedOrders.filter((m) => JSON.stringify(m.order).length < 60_000),
      { numRuns: CLI_RUNS, seed: 17 },
    );
    try {
      for (const [index, malformed] of samples.entries()) {
        tried.cli += 1;
        const file = path.join(dir, `order-${index}.json`);
        fs.writeFileSync(file, JSON.stringify(malformed.order));
        const outcome = await run(
          process.execPath,
          ['--import', 'tsx', path.join(ROOT, 'src/front-doors/cli/main.ts'), 'place', file],
          {
            cwd: ROOT,
            env: { ...process.env, ORDEROPS_ORDERS_QUEUE: doorQueues.orders },
            timeout: 60_000,
          },
        ).then(
          () => ({ code: 0, stderr: '' }),
          (err: { code?: number; stderr?: string }) => ({ code: err.code, stderr: err.stderr ?? '' }),
        );
        expect(outcome.code, `${malformed.kind}: ${outcome.stderr}`).toBe(2);
        expect(outcome.stderr, malformed.kind).toContain(`${malformed.field}:`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('no door started a workflow', async () => {
    const { count } = await client.workflow.count(`TaskQueue = '${doorQueues.orders}'`);
    expect(count).toBe(0);
  });
});

describe('a malformed order that reaches processOrder anyway (started with a plain Temporal client)', () => {
  it('fails the workflow at once, non-retryably, naming the field', async () => {
    const taskQueue = `orders-direct-${suffix}`;
    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS as string });
    // Validation runs before any activity, so the worker needs none.
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: {},
    });
    // The client's JSON payloads are UTF-8: a lone surrogate in free text arrives as U+FFFD, which is valid text.
    const samples = fc.sample(
      malformedOrders.filter((m) => !/lone surrogate/.test(m.kind) && JSON.stringify(m.order).length < 200_000),
      { numRuns: WORKFLOW_RUNS, seed: 18 },
    );
    try {
      await worker.runUntil(async () => {
        for (const [index, malformed] of samples.entries()) {
          tried.workflow += 1;
          const workflowId = `fuzz-direct-${suffix}-${index}`;
          const error = await client.workflow
            .execute(PROCESS_ORDER_WORKFLOW, {
              taskQueue,
              workflowId,
              args: [malformed.order as never],
              workflowExecutionTimeout: '2m',
            })
            .then(
              () => undefined,
              (err: unknown) => err,
            );
          expectRefusedAtOnce(malformed, error);
          const history = await client.workflow.getHandle(workflowId).fetchHistory();
          const failedTasks = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
          // A patch marker is not work; an activity or a local activity (a marker of its own) is.
          const activities = (history.events ?? []).filter(
            (e) =>
              e.activityTaskScheduledEventAttributes ||
              e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
          ).length;
          expect({ failedTasks, activities }, malformed.kind).toEqual({ failedTasks: 0, activities: 0 });
        }
      });
    } finally {
      await connection.close();
    }
    // The same count that found nothing above finds these: it is not blind.
    await expect
      .poll(async () => (await client.workflow.count(`TaskQueue = '${taskQueue}'`)).count, { timeout: 30_000 })
      .toBe(samples.length);
  }, 300_000);
});

function expectRefusedAtOnce(malformed: MalformedOrder, error: unknown): void {
  expect(error, malformed.kind).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause, malformed.kind).toBeInstanceOf(ApplicationFailure);
  const failure = cause as ApplicationFailure;
  expect({ type: failure.type, nonRetryable: failure.nonRetryable }, malformed.kind).toEqual({
    type: 'InvalidOrder',
    nonRetryable: true,
  });
  expect(failure.message, malformed.kind).toContain(`${malformed.field}:`);
}

describe('the HTTP API fuzzed from its own OpenAPI description', () => {
  it('answers every generated request without a 5xx, with a declared status and a body inside its declared schema', async () => {
    const doc = (await (await request(`${api.url}/openapi.json`)).body.json()) as OpenApiDoc;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const operations = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        template,
        method: method.toUpperCase(),
        operation,
        // A counterexample prints the operation by name, not the whole description.
        [fc.toStringMethod]: () => `${method.toUpperCase()} ${template}`,
      })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(4);
    const pathParam = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom('..', '%2e%2e', 'a/b', ' ', '\uD800'),
      fc.integer({ min: 65, max: 5_000 }).map((n) => 'A'.repeat(n)),
    );
    const body = fc.oneof(
      fc.anything({ maxDepth: 4 }),
      // Deeply nested ones are left to the tests above: fast-check could not print them on a failure.
      malformedOrders.filter((m) => !/nested/.test(m.kind)).map((m) => m.order),
      fc.record({ reason: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.anything({ maxDepth: 2 })) }),
    );
    const requests = fc.record({ op: fc.constantFrom(...operations), param: pathParam, body, withBody: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(requests, async ({ op, param, body: payload, withBody }) => {
        tried.openapi += 1;
        const url = api.url + op.template.replace(/\{[^}]+\}/g, encodeURIComponent(safeForUri(param)));
        const sendBody = op.method !== 'GET' && (withBody || op.operation.requestBody !== undefined);
        const text = sendBody ? (JSON.stringify(payload) ?? 'null') : undefined;
        const answer = await send(op.method as Dispatcher.HttpMethod, url, { raw: text });
        const where = `${op.method} ${url.slice(0, 120)}${url.length > 120 ? `... (${url.length} chars)` : ''} -> ${answer.status} ${answer.text.slice(0, 300)}`;
        expect(answer.status, where).toBeLessThan(500);
        const declared = op.operation.responses[String(answer.status)];
        expect(declared, `undeclared status: ${where}`).toBeDefined();
        const schema = declared?.content?.['application/json']?.schema;
        if (schema) {
          const validate = ajv.compile({ ...schema, components: doc.components });
          expect(validate(answer.body), `${where}\n${ajv.errorsText(validate.errors)}`).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: 19 },
    );
  }, 180_000);
});

interface OpenApiOperation {
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: unknown;
}

/** encodeURIComponent throws on a lone surrogate; a client would have to send its replacement. */
function safeForUri(value: string): string {
  return value.replace(/\p{Cs}/gu, '\uFFFD');
}
