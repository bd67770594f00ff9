import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ActiveRule } from '../faults/injector';
import type { SimulatorState } from '../state';
import { fingerprintOf } from '../stores/idempotency';
import type { OperationTarget, Partner, RequestIdentity } from '../targets';
import { failure, injectedError, injectedRefusal, type Answer } from './answers';
import { beginExchange, type Exchange } from './exchange';
import { parseWith } from './validation';
import { abandon, hang, pause, resetConnection, send, sendSlowly } from './wire';

export type Params = Record<string, string>;
export type Query = Record<string, string | string[] | undefined>;

/** Says which partner operation a request is, or answers it at once (an unknown carrier, say). */
export type Identify = (params: Params) => RequestIdentity | Answer;

export interface MutationRoute<Body> {
  identify: Identify;
  body: z.ZodType<Body>;
  /**
   * Synchronous on purpose: the key lookup, the action and remembering the answer happen in one
   * tick, so two concurrent requests carrying one key can never both act.
   */
  act(input: { body: Body; params: Params }): Answer;
}

export interface ReadRoute {
  identify: Identify;
  act(input: { params: Params; query: Query }): Answer;
}

export function fixedIdentity(partner: Partner, operation: OperationTarget): Identify {
  const identity: RequestIdentity = { partner, operation };
  return () => identity;
}

/**
 * Order of events for a mutation, and why:
 * 1. Malformed requests (no Idempotency-Key, bad body) are refused at the door, before any fault,
 *    and not remembered: the client can fix the body and retry under the same key.
 * 2. Latency, then transient faults (error status, 429, hang, reset). They hit replays too (an
 *    outage does not care whether the partner saw the key before) and record nothing: a request
 *    that failed this way was not accepted, so its retry acts normally.
 * 3. Idempotency: a known key with the same method, path and body replays the first answer; with a
 *    different one it is refused 422 IdempotencyKeyReused (not remembered, the first answer stands).
 * 4. Injected refusal or the real operation. Its answer is remembered under the key, 2xx and 4xx
 *    alike, so a retry gets the same answer; only 2xx answers are mutations in the ledger.
 * 5. The answer is sent, dribbled if the rule says slowBodyMs, held back if it says lateAnswerMs
 *    (a client that leaves meanwhile never hears it): the partner has acted by then.
 */
export function mutationHandler<Body>(state: SimulatorState, route: MutationRoute<Body>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const idempotencyKey = readIdempotencyKey(request);
    if (typeof idempotencyKey !== 'string') return answerNow(reply, idempotencyKey);
    const body = parseWith(route.body, request.body);
    if (!body.ok) return answerNow(reply, failure(400, 'ValidationFailed', body.problem.message, body.problem.field));
    const params = request.params as Params;
    const identity = route.identify(params);
    if ('status' in identity) return answerNow(reply, identity);

    const exchange = beginExchange(state.stats, request, reply, identity, idempotencyKey);
    const rule = state.faults.ruleFor(exchange.targets);
    if (await endedByTransientFault(state, rule, reply, exchange)) return reply;

    const scope = identity.carrierId ? `carrier:${identity.carrierId}` : identity.partner;
    const path = pathOf(request);
    const fingerprint = fingerprintOf(request.method, path, body.value);
    const remembered = state.idempotency.lookup(scope, idempotencyKey);
    let answer: Answer;
    if (remembered && remembered.fingerprint !== fingerprint) {
      answer = failure(
        422,
        'IdempotencyKeyReused',
        `Idempotency-Key ${idempotencyKey} was first used for ${remembered.method} ${remembered.path} with a different body; use a new key for a new request`,
        'Idempotency-Key',
      );
    } else if (remembered) {
      state.idempotency.markReplayed(remembered);
      answer = { status: remembered.status, body: remembered.response, headers: { 'idempotent-replayed': 'true' } };
    } else {
      const refused = state.faults.refusal(rule);
      answer = refused ? injectedRefusal(refused) : route.act({ body: body.value, params });
      state.idempotency.remember({
        scope,
        fingerprint,
        idempotencyKey,
        partner: identity.partner,
        ...(identity.carrierId ? { carrierId: identity.carrierId } : {}),
        operation: identity.operation,
        method: request.method,
        path,
        request: body.value,
        status: answer.status,
        response: answer.body,
      });
    }
    await deliver(reply, exchange, answer, rule, state);
    return reply;
  };
}

/** Reads (feeds, carrier list): latency and transient faults, then the answer. */
export function readHandler(state: SimulatorState, route: ReadRoute) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const params = request.params as Params;
    const identity = route.identify(params);
    if ('status' in identity) return answerNow(reply, identity);
    const exchange = beginExchange(state.stats, request, reply, identity, null);
    const rule = state.faults.ruleFor(exchange.targets);
    if (await endedByTransientFault(state, rule, reply, exchange)) return reply;
    await deliver(reply, exchange, route.act({ params, query: request.query as Query }), rule);
    return reply;
  };
}

/** True when latency or a transient fault has dealt with the request (or the client left meanwhile). */
async function endedByTransientFault(
  state: SimulatorState,
  rule: ActiveRule | undefined,
  reply: FastifyReply,
  exchange: Exchange,
): Promise<boolean> {
  if (!rule) return false;
  const waited = await pause(state.faults.latencyMs(rule), exchange.signal);
  if (!waited) {
    abandon(reply);
    return true;
  }
  const fault = state.faults.transientFailure(rule);
  if (!fault) return false;
  reply.log.debug({ targets: exchange.targets, fault, idempotencyKey: exchange.idempotencyKey }, 'injecting fault');
  if (fault.kind === 'hang') await hang(reply, exchange);
  else if (fault.kind === 'reset') resetConnection(reply, exchange);
  else send(reply, injectedError(fault.status, fault.retryAfterSeconds));
  return true;
}

async function deliver(
  reply: FastifyReply,
  exchange: Exchange,
  answer: Answer,
  rule: ActiveRule | undefined,
  state?: SimulatorState,
): Promise<void> {
  const lateMs = state?.faults.lateAnswerMs(rule);
  if (lateMs !== undefined && !(await pause(lateMs, exchange.signal))) {
    abandon(reply);
    return;
  }
  const slowBodyMs = rule?.rule.slowBodyMs;
  if (slowBodyMs) await sendSlowly(reply, exchange, answer, slowBodyMs);
  else send(reply, answer);
}

function answerNow(reply: FastifyReply, answer: Answer): FastifyReply {
  send(reply, answer);
  return reply;
}

const MAX_KEY_LENGTH = 255;

function readIdempotencyKey(request: FastifyRequest): string | Answer {
  const header = request.headers['idempotency-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!key) {
    return failure(
      400,
      'IdempotencyKeyMissing',
      'the Idempotency-Key header is required on every mutation',
      'Idempotency-Key',
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    return failure(
      400,
      'IdempotencyKeyInvalid',
      `the Idempotency-Key header must be at most ${MAX_KEY_LENGTH} characters`,
      'Idempotency-Key',
    );
  }
  return key;
}

function pathOf(request: FastifyRequest): string {
  const queryStart = request.url.indexOf('?');
  return queryStart === -1 ? request.url : request.url.slice(0, queryStart);
}
