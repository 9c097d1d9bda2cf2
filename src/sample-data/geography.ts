import { type Weighted, weighted } from './random.js';

/** The four sales regions. */
export type Region = 'NA' | 'EMEA' | 'APAC' | 'LATAM';

/** Which list of names people in a country are drawn from. */
export type NameCluster =
  | 'anglo'
  | 'germanic'
  | 'romance'
  | 'nordic'
  | 'hispanic'
  | 'south-asian'
  | 'east-asian'
  | 'global';

/** A country: its region, time zones, usual web suffix, name cluster and UTC offset for office hours. */
export interface Country {
  code: string;
  name: string;
  region: Region;
  timezones: readonly string[];
  tld: string;
  names: NameCluster;
  /** Hours from UTC (standard time, first zone); good enough to place office hours. */
  utcOffset: number;
}

const C = (
  code: string,
  name: string,
  region: Region,
  timezones: readonly string[],
  tld: string,
  names: NameCluster,
  utcOffset: number,
): Country => ({ code, name, region, timezones, tld, names, utcOffset });

/** Region shares of companies and leads. */
const REGION_WEIGHTS: readonly (readonly [Region, number])[] = [
  ['NA', 0.45],
  ['EMEA', 0.3],
  ['APAC', 0.17],
  ['LATAM', 0.08],
];

/** Countries with their share inside their region. */
export const COUNTRIES: readonly (readonly [Country, number])[] = [
  [
    C(
      'US',
      'United States',
      'NA',
      ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
      'com',
      'anglo',
      -6,
    ),
    0.86,
  ],
  [C('CA', 'Canada', 'NA', ['America/Toronto', 'America/Vancouver'], 'ca', 'anglo', -5), 0.14],
  [C('GB', 'United Kingdom', 'EMEA', ['Europe/London'], 'co.uk', 'anglo', 0), 0.26],
  [C('DE', 'Germany', 'EMEA', ['Europe/Berlin'], 'de', 'germanic', 1), 0.18],
  [C('FR', 'France', 'EMEA', ['Europe/Paris'], 'fr', 'romance', 1), 0.12],
  [C('NL', 'Netherlands', 'EMEA', ['Europe/Amsterdam'], 'nl', 'germanic', 1), 0.08],
  [C('IE', 'Ireland', 'EMEA', ['Europe/Dublin'], 'ie', 'anglo', 0), 0.04],
  [C('SE', 'Sweden', 'EMEA', ['Europe/Stockholm'], 'se', 'nordic', 1), 0.05],
  [C('DK', 'Denmark', 'EMEA', ['Europe/Copenhagen'], 'dk', 'nordic', 1), 0.03],
  [C('ES', 'Spain', 'EMEA', ['Europe/Madrid'], 'es', 'hispanic', 1), 0.06],
  [C('IT', 'Italy', 'EMEA', ['Europe/Rome'], 'it', 'romance', 1), 0.05],
  [C('CH', 'Switzerland', 'EMEA', ['Europe/Zurich'], 'ch', 'germanic', 1), 0.04],
  [C('PL', 'Poland', 'EMEA', ['Europe/Warsaw'], 'pl', 'global', 1), 0.03],
  [C('IL', 'Israel', 'EMEA', ['Asia/Jerusalem'], 'co.il', 'global', 2), 0.03],
  [C('AE', 'United Arab Emirates', 'EMEA', ['Asia/Dubai'], 'ae', 'global', 4), 0.02],
  [C('ZA', 'South Africa', 'EMEA', ['Africa/Johannesburg'], 'co.za', 'anglo', 2), 0.01],
  [
    C(
      'AU',
      'Australia',
      'APAC',
      ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Perth'],
      'com.au',
      'anglo',
      10,
    ),
    0.24,
  ],
  [C('IN', 'India', 'APAC', ['Asia/Kolkata'], 'in', 'south-asian', 5.5), 0.22],
  [C('JP', 'Japan', 'APAC', ['Asia/Tokyo'], 'co.jp', 'east-asian', 9), 0.16],
  [C('SG', 'Singapore', 'APAC', ['Asia/Singapore'], 'sg', 'east-asian', 8), 0.14],
  [C('KR', 'South Korea', 'APAC', ['Asia/Seoul'], 'co.kr', 'east-asian', 9), 0.07],
  [C('NZ', 'New Zealand', 'APAC', ['Pacific/Auckland'], 'co.nz', 'anglo', 12), 0.05],
  [C('HK', 'Hong Kong', 'APAC', ['Asia/Hong_Kong'], 'hk', 'east-asian', 8), 0.07],
  [C('PH', 'Philippines', 'APAC', ['Asia/Manila'], 'ph', 'global', 8), 0.05],
  [C('BR', 'Brazil', 'LATAM', ['America/Sao_Paulo'], 'com.br', 'hispanic', -3), 0.42],
  [C('MX', 'Mexico', 'LATAM', ['America/Mexico_City'], 'com.mx', 'hispanic', -6), 0.27],
  [C('AR', 'Argentina', 'LATAM', ['America/Argentina/Buenos_Aires'], 'com.ar', 'hispanic', -3), 0.12],
  [C('CO', 'Colombia', 'LATAM', ['America/Bogota'], 'com.co', 'hispanic', -5), 0.11],
  [C('CL', 'Chile', 'LATAM', ['America/Santiago'], 'cl', 'hispanic', -4), 0.08],
];

/** Regions ready for weighted picks. */
export const REGIONS: Weighted<Region> = weighted(REGION_WEIGHTS);

/** Countries of each region, ready for weighted picks. */
export const COUNTRIES_BY_REGION: Readonly<Record<Region, Weighted<Country>>> = {
  NA: weighted(COUNTRIES.filter(([c]) => c.region === 'NA')),
  EMEA: weighted(COUNTRIES.filter(([c]) => c.region === 'EMEA')),
  APAC: weighted(COUNTRIES.filter(([c]) => c.region === 'APAC')),
  LATAM: weighted(COUNTRIES.filter(([c]) => c.region === 'LATAM')),
};

/** How well each region fits the seller's go-to-market (it sells best in North America). */
export const REGION_FIT: Readonly<Record<Region, number>> = { NA: 1, EMEA: 0.85, APAC: 0.7, LATAM: 0.6 };
