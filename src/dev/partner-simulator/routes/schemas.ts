import { z } from 'zod';

/** Request-body building blocks shared by the partner routes. */
export const identifier = z.string().trim().min(1).max(200);
export const amountMinor = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR');
export const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 code such as DE');
export const destination = z.object({ country, postalCode: z.string().trim().min(1).max(16) });

/** Action endpoints (release, void) take no body; an absent one, `null` and `{}` all mean the same request. */
export const noBody = z.union([z.undefined(), z.null(), z.object({})]).transform(() => ({}));

/** The postal code partners treat as undeliverable, so tests can provoke AddressInvalid for real. */
export const UNDELIVERABLE_POSTAL_CODE = '00000';
