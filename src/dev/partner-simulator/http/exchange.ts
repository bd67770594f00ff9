import type { FastifyReply, FastifyRequest } from 'fastify';
import { targetsOf, type RequestIdentity } from '../targets';
import type { StatsRecorder } from './stats';

/**
 * One partner request in flight: counted in the stats from arrival until its response closes, and
 * watched for the client going away before it was answered.
 */
export interface Exchange {
  readonly identity: RequestIdentity;
  /** Most specific first, as fault rules are matched. */
  readonly targets: readonly string[];
  readonly idempotencyKey: string | null;
  /** Aborted when the connection closes before the answer was sent in full. */
  readonly signal: AbortSignal;
  /** The simulator is about to kill the connection itself (resetConnection): not a client abort. */
  markClosedBySimulator(): void;
}

export function beginExchange(
  stats: StatsRecorder,
  request: FastifyRequest,
  reply: FastifyReply,
  identity: RequestIdentity,
  idempotencyKey: string | null,
): Exchange {
  const targets = targetsOf(identity);
  const startedAt = performance.now();
  const controller = new AbortController();
  const response = reply.raw;
  let closedBySimulator = false;
  stats.begin(targets, idempotencyKey);

  // 'close' fires on every response, after 'finish' when it was sent in full; without 'finish' the
  // connection went away first.
  response.once('close', () => {
    stats.end(targets);
    if (response.writableFinished) {
      stats.answered(targets, response.statusCode);
      return;
    }
    controller.abort();
    if (closedBySimulator) return;
    stats.clientAborted({
      target: identity.operation,
      ...(identity.carrierId ? { carrierId: identity.carrierId } : {}),
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      idempotencyKey,
      at: new Date().toISOString(),
      elapsedMs: Math.round(performance.now() - startedAt),
      phase: response.headersSent ? 'body' : 'waiting',
    });
  });

  return {
    identity,
    targets,
    idempotencyKey,
    signal: controller.signal,
    markClosedBySimulator: () => {
      closedBySimulator = true;
    },
  };
}
