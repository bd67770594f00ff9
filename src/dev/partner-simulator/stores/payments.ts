import { newId } from './ids';

export type AuthorizationStatus = 'authorized' | 'voided' | 'captured';

export interface Authorization {
  authorizationId: string;
  orderId: string;
  amountMinor: number;
  currency: string;
  status: AuthorizationStatus;
  captureId?: string;
}

export class AuthorizationBook {
  private authorizations = new Map<string, Authorization>();

  reset(): void {
    this.authorizations = new Map();
  }

  authorize(orderId: string, amountMinor: number, currency: string): Authorization {
    const authorization: Authorization = {
      authorizationId: newId('auth'),
      orderId,
      amountMinor,
      currency,
      status: 'authorized',
    };
    this.authorizations.set(authorization.authorizationId, authorization);
    return authorization;
  }

  get(authorizationId: string): Authorization | undefined {
    return this.authorizations.get(authorizationId);
  }

  /** The caller has checked the authorization is in the `authorized` or `voided` state. */
  markVoided(authorization: Authorization): void {
    authorization.status = 'voided';
  }

  markCaptured(authorization: Authorization): string {
    authorization.status = 'captured';
    authorization.captureId = newId('cap');
    return authorization.captureId;
  }
}
