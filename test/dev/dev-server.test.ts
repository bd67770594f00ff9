import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/temporal/dev-server';
import { findFreePort } from '../../src/platform/free-port';
import { connectClient } from '../../src/platform/temporal-connection';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../src/contracts/search-attributes';

const log = pino({ level: 'silent' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-devserver-'));
const running: DevServer[] = [];

afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function start(dbFile: string): Promise<DevServer> {
  const server = await startDevServer({ log, dbFile, ui: false });
  running.push(server);
  return server;
}

async function clientFor(server: DevServer): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: server.address });
  return { client: new Client({ connection, namespace: server.namespace }), connection };
}

describe('startDevServer with a SQLite file', () => {
  it('keeps a workflow across a server restart', async () => {
    const dbFile = path.join(tmp, 'nested', 'temporal.sqlite');
    const workflowId = `platform-persistence-${Date.now()}`;

    const first = await start(dbFile);
    const before = await clientFor(first);
    // No worker ever polls this queue: the workflow just stays open, which is all we need.
    await before.client.workflow.start('neverExecuted', { taskQueue: 'platform-test-no-worker', workflowId, args: [] });
    await before.connection.close();
    await first.stop();

    const second = await start(dbFile);
    const after = await clientFor(second);
    const handle = after.client.workflow.getHandle(workflowId);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.type).toBe('neverExecuted');
    await handle.terminate('test done');
    await after.connection.close();
    await second.stop();
  });

  it('runs the file in WAL journal mode', async () => {
    const dbFile = path.join(tmp, 'wal.sqlite');
    const server = await start(dbFile);
    await server.stop();
    // SQLite header bytes 18 and 19 (file format read/write versions) are 2 for a WAL database.
    const header = Buffer.alloc(20);
    const fd = fs.openSync(dbFile, 'r');
    fs.readSync(fd, header, 0, 20, 0);
    fs.closeSync(fd);
    expect([header[18], header[19]]).toEqual([2, 2]);
  });
});

describe('the test run dev server (global setup)', () => {
  it('is announced to test files through the environment', () => {
    expect(process.env.TEMPORAL_ADDRESS).toMatch(/:\d+$/);
  });

  it('has every OrderOps search attribute registered with its type', async () => {
    const { connection, namespace } = await connectClient();
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
      for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_REGISTRATIONS)) {
        const expected = IndexedValueType[`INDEXED_VALUE_TYPE_${type.toUpperCase()}` as keyof typeof IndexedValueType];
        expect({ name, type: customAttributes[name] }).toEqual({ name, type: expected });
      }
    } finally {
      await connection.close();
    }
  });
});

describe('connectClient', () => {
  it('names the address it could not reach', async () => {
    const port = await findFreePort();
    const env = { TEMPORAL_ADDRESS: `127.0.0.1:${port}` };
    await expect(connectClient({ env, waitMs: 1_000 })).rejects.toThrow(`cannot reach Temporal at 127.0.0.1:${port}`);
  });
});
