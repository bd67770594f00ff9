import { request, type Dispatcher } from 'undici';
import type { LedgerQuery, LedgerResponse, SimulatorInfo, StatsSnapshot } from './admin-types';
import type { FaultSpec } from './faults/spec';

export class SimulatorAdminError extends Error {
  override name = 'SimulatorAdminError';
  constructor(
    message: string,
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** Typed client for the simulator's `/_admin` endpoints, for tests and the benchmark. */
export class SimulatorAdmin {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly options: { dispatcher?: Dispatcher } = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Replaces every fault rule. Throws SimulatorAdminError (400, naming the field) on a bad spec. */
  setFaults(spec: FaultSpec): Promise<FaultSpec> {
    return this.call('PUT', '/_admin/faults', spec);
  }

  faults(): Promise<FaultSpec> {
    return this.call('GET', '/_admin/faults');
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/_admin/faults');
  }

  ledger(query: LedgerQuery = {}): Promise<LedgerResponse> {
    const params = new URLSearchParams();
    if (query.partner) params.set('partner', query.partner);
    if (query.operation) params.set('operation', query.operation);
    if (query.idempotencyKey) params.set('idempotencyKey', query.idempotencyKey);
    if (query.includeRefusals) params.set('include', 'refusals');
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.call('GET', `/_admin/ledger${search}`);
  }

  stats(): Promise<StatsSnapshot> {
    return this.call('GET', '/_admin/stats');
  }

  /** Starts a new measurement window (requests, maxInFlight, clientAborts); in-flight counts stay live. */
  resetStats(): Promise<StatsSnapshot> {
    return this.call('POST', '/_admin/stats/reset');
  }

  /** Ledger, stats, faults, stock, authorizations and quotes back to the seed state. */
  async reset(): Promise<void> {
    await this.call('POST', '/_admin/reset');
  }

  info(): Promise<SimulatorInfo> {
    return this.call('GET', '/_admin/info');
  }

  private async call<T>(method: Dispatcher.HttpMethod, path: string, body?: unknown): Promise<T> {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (response.statusCode >= 400) {
      const message = (parsed as { message?: string } | undefined)?.message ?? text;
      throw new SimulatorAdminError(
        `${method} ${path} answered ${response.statusCode}: ${message}`,
        response.statusCode,
        parsed,
      );
    }
    return parsed as T;
  }
}
