import type { FastifyReply } from 'fastify';
import type { Answer } from './answers';
import type { Exchange } from './exchange';

/** Resolves true after `ms`, or false as soon as the signal aborts. Never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// These helpers return nothing on purpose: a FastifyReply is thenable, so returning one from an
// async function would make the caller's await wait for the response to finish.

export function send(reply: FastifyReply, answer: Answer): void {
  if (answer.headers) reply.headers(answer.headers);
  reply.code(answer.status).send(answer.body);
}

/** Headers at once, then the body in pieces spread over `durationMs`: a partner on a bad link. */
export async function sendSlowly(
  reply: FastifyReply,
  exchange: Exchange,
  answer: Answer,
  durationMs: number,
): Promise<void> {
  reply.hijack();
  const response = reply.raw;
  const payload = Buffer.from(JSON.stringify(answer.body));
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
  });
  response.flushHeaders();
  const pieces = Math.max(1, Math.min(10, payload.length));
  const pieceSize = Math.ceil(payload.length / pieces);
  for (let offset = 0; offset < payload.length; offset += pieceSize) {
    if (!(await pause(durationMs / pieces, exchange.signal))) return;
    response.write(payload.subarray(offset, offset + pieceSize));
  }
  response.end();
}

/** Accept the request and say nothing until the client gives up. */
export async function hang(reply: FastifyReply, exchange: Exchange): Promise<void> {
  reply.hijack();
  await new Promise<void>((resolve) => {
    if (exchange.signal.aborted) resolve();
    else exchange.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** TCP RST without a byte of answer: the client sees ECONNRESET (or "other side closed"). */
export function resetConnection(reply: FastifyReply, exchange: Exchange): void {
  exchange.markClosedBySimulator();
  reply.hijack();
  reply.raw.socket?.resetAndDestroy();
}

/** The client left while we waited: nothing will be sent, so take the reply away from fastify. */
export function abandon(reply: FastifyReply): void {
  reply.hijack();
}
