import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../../../src/dev/local-system/local-system';
import { cachedTemporalCliPath, findOnPath } from '../../../src/dev/temporal/temporal-cli';
import { startCodecServer, type CodecServer } from '../../../src/front-doors/codec-server/codec-server';
import { OrderOpsClient } from '../../../src/front-doors/client/orderops-client';
import { orderWorkflowId } from '../../../src/contracts/workflow-names';
import { AesGcmPayloadCodec } from '../../../src/platform/encryption/aes-gcm-codec';
import { parseEncryptionKeys, type EncryptionKeyring } from '../../../src/platform/encryption/encryption-keys';
import { connectClient } from '../../../src/platform/temporal-connection';
import { sampleOrder } from '../../support/orderops-stack';

const ENCRYPTION_KEYS = `orders-2026:${randomBytes(32).toString('base64')}`;
const CODEC_TOKEN = `codec-${randomBytes(12).toString('hex')}`;
// Names no other test uses, so finding them anywhere in the history can only mean a leak.
const SHIP_TO = {
  name: 'Philippa Quenneville-Ashdown',
  line1: '77 Marigold Crescent',
  city: 'Lyon',
  postalCode: '69002',
  country: 'FR',
};

interface ShownHistory {
  events: { eventType: string; workflowExecutionStartedEventAttributes?: { input?: { payloads?: JsonPayload[] } } }[];
}
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: unknown;
}

describe('with ORDEROPS_ENCRYPTION_KEYS set, an order leaves no personal data in Temporal', () => {
  let system: LocalSystem;
  let connected: Awaited<ReturnType<typeof connectClient>>;
  let orders: OrderOpsClient;
  let codecServer: CodecServer;
  let keys: EncryptionKeyring;
  let shown: string;
  const order = sampleOrder({ shippingAddress: SHIP_TO }, 'ENC');

  beforeAll(async () => {
    keys = parseEncryptionKeys(ENCRYPTION_KEYS) as EncryptionKeyring;
    const env = { ORDEROPS_ENCRYPTION_KEYS: ENCRYPTION_KEYS };
    system = await startLocalSystem({ label: 'encryption', temporal: 'existing', io: { env }, cpu: { env } });
    // The client every door uses, configured from the environment like the API's and the CLI's.
    connected = await connectClient({ env: { ...process.env, ...env } });
    orders = new OrderOpsClient(connected.client, system.queues);
    codecServer = await startCodecServer({
      codec: new AesGcmPayloadCodec(keys),
      port: 0,
      host: '127.0.0.1',
      corsOrigin: 'http://localhost:8233',
      token: CODEC_TOKEN,
    });

    await orders.place(order);
    const result = await orders.result(order.orderId);
    expect(result.status).toBe('COMPLETED');
    shown = execFileSync(
      temporalCli(),
      [
        'workflow',
        'show',
        '--output',
        'json',
        '--workflow-id',
        orderWorkflowId(order.orderId),
        '--address',
        process.env.TEMPORAL_ADDRESS as string,
        '--namespace',
        system.temporal.namespace,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  }, 240_000);

  afterAll(async () => {
    await codecServer?.close();
    await connected?.connection.close();
    await system?.stop();
  });

  it('`temporal workflow show --output json` holds neither the shipping name nor the address line', () => {
    expect(shown.length).toBeGreaterThan(1000);
    for (const personal of [SHIP_TO.name, SHIP_TO.line1, order.paymentReference as string])
      expect(shown).not.toContain(personal);
    const input = startedInput(shown);
    expect(Buffer.from(input.metadata?.encoding ?? '', 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(input.metadata?.['encryption-key-id'] ?? '', 'base64').toString()).toBe('orders-2026');
  });

  it('the codec server decodes the order with the token', async () => {
    const answer = await decode(startedInput(shown), `Bearer ${CODEC_TOKEN}`);
    expect(answer.status).toBe(200);
    const [decoded] = (answer.body as { payloads: { data: string; metadata: Record<string, string> }[] }).payloads;
    expect(Buffer.from(decoded?.metadata.encoding ?? '', 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(decoded?.data ?? '', 'base64').toString())).toMatchObject({
      orderId: order.orderId,
      shippingAddress: SHIP_TO,
    });
  });

  it('the codec server refuses a wrong token and a missing one, revealing nothing', async () => {
    for (const authorization of [`Bearer ${CODEC_TOKEN}x`, undefined]) {
      const answer = await decode(startedInput(shown), authorization);
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(SHIP_TO.name);
    }
  });

  it('the codec server answers the Web UI origin with CORS for X-Namespace, Content-Type and Authorization', async () => {
    const preflight = await request(`${codecServer.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:8233',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-namespace,content-type,authorization',
      },
    });
    await preflight.body.dump();
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(
      /X-Namespace.*Content-Type.*Authorization/,
    );
    const foreign = await request(`${codecServer.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example' },
    });
    await foreign.body.dump();
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('after a key rotation (new key first, old key kept), the old order still decrypts and new payloads use the new key', async () => {
    const rotated = parseEncryptionKeys(
      `orders-2027:${randomBytes(32).toString('base64')},${ENCRYPTION_KEYS}`,
    ) as EncryptionKeyring;
    const codec = new AesGcmPayloadCodec(rotated);
    const [old] = await codec.decode([payloadFromJson(startedInput(shown))]);
    expect(JSON.parse(Buffer.from(old?.data ?? []).toString())).toMatchObject({ orderId: order.orderId });
    const [fresh] = await codec.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') },
    ]);
    expect(Buffer.from(fresh?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('orders-2027');

    // Dropping the old key too early fails loudly, naming the key that is missing.
    const withoutOld = new AesGcmPayloadCodec(
      parseEncryptionKeys(`orders-2027:${randomBytes(32).toString('base64')}`) as EncryptionKeyring,
    );
    await expect(withoutOld.decode([payloadFromJson(startedInput(shown))])).rejects.toThrow(
      /key "orders-2026", which ORDEROPS_ENCRYPTION_KEYS does not list/,
    );
  });

  async function decode(payload: JsonPayload, authorization: string | undefined) {
    const response = await request(`${codecServer.url}/decode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': 'default',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({ payloads: [payload] }),
    });
    const text = await response.body.text();
    return { status: response.statusCode, text, body: JSON.parse(text) as unknown };
  }
});

describe('ORDEROPS_ENCRYPTION_KEYS', () => {
  it('refuses a malformed key with a message naming it, never printing the key material', () => {
    const material = Buffer.from('sixteen-bytes-!!').toString('base64');
    let message = '';
    try {
      parseEncryptionKeys(`good:${randomBytes(32).toString('base64')},short:${material}`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('key "short" is not 32 bytes of base64');
    expect(message).not.toContain(material);
    expect(() => parseEncryptionKeys('no-separator')).toThrow(/entry 1 is not keyId:base64-key/);
  });
});

function startedInput(historyJson: string): JsonPayload {
  const history = JSON.parse(historyJson) as ShownHistory;
  const started = history.events.find((event) => event.workflowExecutionStartedEventAttributes);
  const payload = started?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload || typeof payload.data !== 'string')
    throw new Error('the started event has no raw (encoded) input payload');
  return payload;
}

function payloadFromJson(payload: JsonPayload) {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(payload.data as string, 'base64'),
  };
}

function temporalCli(): string {
  const candidates = [process.env.ORDEROPS_TEMPORAL_CLI, findOnPath('temporal'), cachedTemporalCliPath()];
  const found = candidates.find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));
  if (!found) throw new Error(`no temporal CLI found (tried ${candidates.filter(Boolean).join(', ')})`);
  return found;
}
