import { describe, expect, it } from 'vitest';
import { isPermanentRefusal, parseRetryAfter } from '../../src/partners/partner-errors';

describe('partner error classification', () => {
  it('treats 4xx refusals as permanent, but not 408 or 429', () => {
    expect([400, 402, 404, 409, 422].every(isPermanentRefusal)).toBe(true);
    expect([408, 429, 500, 502, 503].some(isPermanentRefusal)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
