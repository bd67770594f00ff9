/**
 * Names of what a request is: its partner, its operation and (for carriers) its carrier. Fault
 * rules are addressed to these names and stats are counted under them, so both share this module.
 */
export const PARTNER_OPERATIONS = {
  inventory: ['reserve', 'release', 'lookup'],
  payments: ['authorize', 'void', 'capture', 'lookup'],
  fraud: ['score'],
  carriers: ['list', 'quote', 'book'],
  feeds: ['catalog', 'stock', 'rates'],
} as const;

export type Partner = keyof typeof PARTNER_OPERATIONS;
export type OperationOf<P extends Partner> = (typeof PARTNER_OPERATIONS)[P][number];
export type OperationTarget = { [P in Partner]: `${P}.${OperationOf<P>}` }[Partner];
export const CARRIER_OPERATIONS = ['quote', 'book'] as const;
export type CarrierOperation = (typeof CARRIER_OPERATIONS)[number];
export type CarrierTarget = `carrier:${string}` | `carrier:${string}.${CarrierOperation}`;
export type FaultTarget = Partner | OperationTarget | CarrierTarget;

export const PARTNERS = Object.keys(PARTNER_OPERATIONS) as Partner[];
export const OPERATION_TARGETS = PARTNERS.flatMap((partner) =>
  PARTNER_OPERATIONS[partner].map((operation) => `${partner}.${operation}`),
) as OperationTarget[];

/** What one incoming request is, as far as faults and stats care. */
export interface RequestIdentity {
  partner: Partner;
  operation: OperationTarget;
  carrierId?: string;
}

/** Most specific first: the first one with a fault rule decides the request's fault. */
export function targetsOf(identity: RequestIdentity): string[] {
  const targets: string[] = [];
  if (identity.carrierId) {
    const carrierOperation = identity.operation.slice('carriers.'.length);
    if ((CARRIER_OPERATIONS as readonly string[]).includes(carrierOperation)) {
      targets.push(`carrier:${identity.carrierId}.${carrierOperation}`);
    }
    targets.push(`carrier:${identity.carrierId}`);
  }
  targets.push(identity.operation, identity.partner);
  return targets;
}

const CARRIER_TARGET = /^carrier:([a-z0-9-]+)(?:\.(quote|book))?$/;

export type ParsedTarget =
  | { kind: 'partner'; partner: Partner }
  | { kind: 'operation'; partner: Partner }
  | { kind: 'carrier'; partner: 'carriers'; carrierId: string };

export function parseTarget(target: string): ParsedTarget | undefined {
  if ((PARTNERS as string[]).includes(target)) return { kind: 'partner', partner: target as Partner };
  if ((OPERATION_TARGETS as string[]).includes(target))
    return { kind: 'operation', partner: target.split('.')[0] as Partner };
  const carrier = CARRIER_TARGET.exec(target);
  if (carrier?.[1]) return { kind: 'carrier', partner: 'carriers', carrierId: carrier[1] };
  return undefined;
}
