import { failure } from '../http/answers';
import type { Identify } from '../http/pipeline';
import type { SimulatorState } from '../state';
import type { OperationTarget } from '../targets';

/** Carrier routes: an unknown carrier is answered 404 before it reaches faults, stats or the ledger. */
export function carrierIdentity(state: SimulatorState, operation: OperationTarget): Identify {
  return (params) => {
    const carrierId = params.carrierId ?? '';
    if (!state.carrierIds.has(carrierId)) return failure(404, 'UnknownCarrier', `no carrier ${carrierId}`, 'carrierId');
    return { partner: 'carriers', operation, carrierId };
  };
}
