/** Shipping regions: the unit carriers price by and warehouses are grouped in. */
export const REGIONS = ['EU-WEST', 'EU-CENTRAL', 'EU-SOUTH', 'EU-NORTH', 'UK', 'US-EAST', 'US-WEST', 'INTL'] as const;
export type Region = (typeof REGIONS)[number];

const COUNTRY_REGIONS: Readonly<Record<string, Region>> = {
  FR: 'EU-WEST',
  BE: 'EU-WEST',
  NL: 'EU-WEST',
  LU: 'EU-WEST',
  IE: 'EU-WEST',
  DE: 'EU-CENTRAL',
  AT: 'EU-CENTRAL',
  CH: 'EU-CENTRAL',
  PL: 'EU-CENTRAL',
  CZ: 'EU-CENTRAL',
  HU: 'EU-CENTRAL',
  SK: 'EU-CENTRAL',
  ES: 'EU-SOUTH',
  PT: 'EU-SOUTH',
  IT: 'EU-SOUTH',
  GR: 'EU-SOUTH',
  MT: 'EU-SOUTH',
  CY: 'EU-SOUTH',
  SE: 'EU-NORTH',
  NO: 'EU-NORTH',
  DK: 'EU-NORTH',
  FI: 'EU-NORTH',
  EE: 'EU-NORTH',
  LV: 'EU-NORTH',
  LT: 'EU-NORTH',
  IS: 'EU-NORTH',
  GB: 'UK',
};

/** US postal codes starting 0-4 are east of the Mississippi, roughly; good enough for a simulator. */
export function regionOf(country: string, postalCode: string): Region {
  if (country === 'US' || country === 'CA') {
    const first = Number(postalCode.trim().charAt(0));
    return Number.isInteger(first) && first >= 5 ? 'US-WEST' : 'US-EAST';
  }
  return COUNTRY_REGIONS[country] ?? 'INTL';
}

export function currencyOf(region: Region): 'EUR' | 'GBP' | 'USD' {
  if (region === 'UK') return 'GBP';
  if (region === 'US-EAST' || region === 'US-WEST') return 'USD';
  return 'EUR';
}

export function isKnownCountry(country: string): boolean {
  return country in COUNTRY_REGIONS || country === 'US' || country === 'CA';
}
