import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LedgerResponse, SimulatorInfo } from '../admin-types';
import { parseFaultSpec } from '../faults/spec';
import { failure } from '../http/answers';
import { send } from '../http/wire';
import type { SimulatorState } from '../state';

/** Test and benchmark controls. Never faulted, never counted in the partner stats. */
export function registerAdminRoutes(app: FastifyInstance, state: SimulatorState): void {
  const { world } = state;

  // Fault injection and the ledger are for tests and the bench on this machine: when the simulator
  // listens on another interface (ORDEROPS_PARTNERS_HOST), nobody else may turn its faults on.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/_admin') || isLoopbackAddress(request.socket.remoteAddress)) return;
    return reply.code(403).send({ error: 'Forbidden', message: '/_admin answers on loopback only' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/_admin/info', async (): Promise<SimulatorInfo> => ({
    seed: world.seed,
    networkSize: world.networkSize,
    carriers: [...world.carriers],
    warehouses: [...world.warehouses],
    skuCount: world.catalog.length,
  }));

  app.get('/_admin/faults', async () => state.faults.spec());

  app.put('/_admin/faults', async (request, reply): Promise<FastifyReply> => {
    const parsed = parseFaultSpec(request.body, state.carrierIds);
    if (!parsed.ok) {
      send(reply, failure(400, 'InvalidFaultSpec', parsed.problem.message, parsed.problem.field));
      return reply;
    }
    state.faults.set(parsed.spec);
    request.log.info({ rules: parsed.spec.rules }, 'fault rules replaced');
    return reply.code(200).send(state.faults.spec());
  });

  app.delete('/_admin/faults', async (request) => {
    state.faults.clear();
    request.log.info('fault rules cleared');
    return state.faults.spec();
  });

  app.get('/_admin/ledger', async (request): Promise<LedgerResponse> => {
    const query = request.query as Record<string, string | undefined>;
    return {
      entries: state.idempotency.ledger({
        ...(query.partner ? { partner: query.partner } : {}),
        ...(query.operation ? { operation: query.operation } : {}),
        ...(query.idempotencyKey ? { idempotencyKey: query.idempotencyKey } : {}),
        includeRefusals: query.include === 'refusals',
      }),
    };
  });

  app.get('/_admin/stats', async () => state.stats.snapshot());

  app.post('/_admin/stats/reset', async () => {
    state.stats.reset();
    return state.stats.snapshot();
  });

  app.post('/_admin/reset', async (request) => {
    state.reset();
    request.log.info('simulator reset to its seed state');
    return { reset: true };
  });
}

/** The peer's own address (never a forwarded header): 127.0.0.0/8 or ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d+\.\d+\.\d+$/.test(v4);
}
