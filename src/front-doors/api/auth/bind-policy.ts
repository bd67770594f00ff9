import { isIP } from 'node:net';

export class UnsafeBindError extends Error {
  override name = 'UnsafeBindError';
}

export const LOOPBACK_HOST = '127.0.0.1';

/**
 * Where the API may listen. With keys: ORDEROPS_API_HOST, or every interface. Without keys it is
 * open to whoever can connect, so only this machine may: loopback by default, and a request for any
 * other address is refused rather than quietly narrowed, so a deploy without keys fails loudly.
 */
export function apiBindHost(requestedHost: string | undefined, keysConfigured: boolean): string {
  if (keysConfigured) return requestedHost ?? '0.0.0.0';
  if (requestedHost === undefined) return LOOPBACK_HOST;
  if (isLoopback(requestedHost)) return requestedHost;
  throw new UnsafeBindError(
    `refusing to listen on ${requestedHost} without API keys: anyone who can reach it could place and cancel orders. ` +
      'Set ORDEROPS_API_KEYS (name:secret:scope+scope) or ORDEROPS_API_KEYS_FILE, or leave ORDEROPS_API_HOST unset to listen on 127.0.0.1 only.',
  );
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
