/**
 * Our rule for which shipping region a destination is in: the unit carriers price by and
 * warehouses are grouped in. The partners' rate cards and stock rows name these regions; an
 * order's address is mapped here so the two can be matched without asking a partner.
 */
const COUNTRIES_BY_REGION = {
  'EU-WEST': ['FR', 'BE', 'NL', 'LU', 'IE'],
  'EU-CENTRAL': ['DE', 'AT', 'CH', 'PL', 'CZ', 'HU', 'SK'],
  'EU-SOUTH': ['ES', 'PT', 'IT', 'GR', 'MT', 'CY'],
  'EU-NORTH': ['SE', 'NO', 'DK', 'FI', 'EE', 'LV', 'LT', 'IS'],
  UK: ['GB'],
} as const;

export type ShippingRegion = keyof typeof COUNTRIES_BY_REGION | 'US-EAST' | 'US-WEST' | 'INTL';

const REGION_OF_COUNTRY = new Map<string, ShippingRegion>(
  Object.entries(COUNTRIES_BY_REGION).flatMap(([region, countries]) =>
    countries.map((country) => [country, region as ShippingRegion]),
  ),
);

export function shippingRegionOf(destination: { country: string; postalCode: string }): ShippingRegion {
  const country = destination.country.trim().toUpperCase();
  if (country === 'US' || country === 'CA') {
    // Postal codes from 5 up are west of the Mississippi, roughly: the partners draw the line there too.
    const leadingDigit = Number(destination.postalCode.trim().charAt(0));
    return Number.isInteger(leadingDigit) && leadingDigit >= 5 ? 'US-WEST' : 'US-EAST';
  }
  return REGION_OF_COUNTRY.get(country) ?? 'INTL';
}

/** 0: the same region; 1: the same continent-wide area (EU-*, US-*); 2: anywhere else. */
export function regionDistance(from: string, to: string): 0 | 1 | 2 {
  if (from === to) return 0;
  const area = (region: string) => region.split('-')[0];
  return from.includes('-') && area(from) === area(to) ? 1 : 2;
}
