import { timingSafeEqual, createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';

export interface CodecServerOptions {
  codec: PayloadCodec;
  port: number;
  host: string;
  /** The one browser origin allowed to call (the Web UI's). */
  corsOrigin: string;
  /** When set, every /encode and /decode needs `Authorization: Bearer <token>`. */
  token?: string;
}

export interface CodecServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A payload as the Web UI and `temporal` send it: proto3 JSON, bytes in base64. */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The codec server of the Temporal Web UI (and `temporal --codec-endpoint`): POST /encode and
 * POST /decode take `{ payloads: [...] }` and answer the same shape, run through OrderOps's payload
 * codec. Whoever can call /decode reads every order, so it checks a bearer token, and browsers may
 * only call it from the Web UI's origin.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const expectedToken = options.token ? digest(options.token) : undefined;
  const server = http.createServer((request, response) => {
    void answer(request, response).catch((err: unknown) => {
      if (!response.headersSent)
        send(response, 500, { error: 'CodecFailed', message: err instanceof Error ? err.message : String(err) });
    });
  });

  async function answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    if (origin === options.corsOrigin) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-allow-credentials', 'true');
      response.setHeader('vary', 'Origin');
    }
    const path = request.url?.split('?')[0];
    if (path !== '/encode' && path !== '/decode')
      return send(response, 404, { error: 'NotFound', message: 'POST /encode or POST /decode' });
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      response.setHeader('access-control-allow-headers', 'X-Namespace, Content-Type, Authorization');
      response.setHeader('access-control-max-age', '600');
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST')
      return send(response, 405, { error: 'MethodNotAllowed', message: `${path} takes POST` });
    if (expectedToken && !tokenMatches(request.headers.authorization, expectedToken)) {
      return send(response, 401, {
        error: 'Unauthorized',
        message: 'a valid codec token is required: Authorization: Bearer <ORDEROPS_CODEC_TOKEN>',
      });
    }
    const body = await readJson(request);
    if (!body.ok) return send(response, 400, { error: 'BadRequest', message: body.message });
    const payloads = body.payloads.map(fromJson);
    let converted: Payload[];
    try {
      converted = path === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    } catch (err) {
      return send(response, 400, { error: 'CodecFailed', message: err instanceof Error ? err.message : String(err) });
    }
    return send(response, 200, { payloads: converted.map(toJson) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function tokenMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1] as string), expected);
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

async function readJson(
  request: http.IncomingMessage,
): Promise<{ ok: true; payloads: JsonPayload[] } | { ok: false; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, message: `body larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { ok: false, message: 'body is not JSON; expected {"payloads": [{"metadata": {...}, "data": "<base64>"}]}' };
  }
  const payloads = (parsed as { payloads?: unknown })?.payloads;
  if (!Array.isArray(payloads) || !payloads.every(isJsonPayload)) {
    return { ok: false, message: 'expected {"payloads": [{"metadata": {"<key>": "<base64>"}, "data": "<base64>"}]}' };
  }
  return { ok: true, payloads };
}

function isJsonPayload(value: unknown): value is JsonPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { metadata, data } = value as JsonPayload;
  return (
    (data === undefined || typeof data === 'string') &&
    (metadata === undefined ||
      (typeof metadata === 'object' && Object.values(metadata).every((v) => typeof v === 'string')))
  );
}

function fromJson(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
