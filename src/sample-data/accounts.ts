import { COMPANY_WORDS, INDUSTRIES, segmentOf, TECHNOLOGIES } from './firmographics.js';
import { COUNTRIES_BY_REGION, REGIONS } from './geography.js';
import { chance, mixSeed, normal, pickWeighted, sigmoid, streamRandom, weighted } from './random.js';
import { companyFit } from './scoring.js';
import type { SampleAccount } from './types.js';
import type { OwnerPool } from './users.js';

const ACCOUNT_STREAM = 1;
const SIZE_STREAM = 3;
const CRMS = weighted(TECHNOLOGIES.filter((t) => t.category === 'crm').map((t) => [t, t.adoption] as const));
const OTHER_TECH = TECHNOLOGIES.filter((t) => t.category !== 'crm');

/** The id of account number `index` (0-based). */
export function accountId(index: number): string {
  return `acc_${String(index + 1).padStart(6, '0')}`;
}

/**
 * Employees of account `index`: log-normal with a median of 120 and σ = 1.6 (so about 9% have 1,000+
 * and 1% have 5,000+), clamped to 2..350,000. Its own stream, so lead weighting can read it cheaply.
 */
export function employeesAt(seed: number, index: number): number {
  const rng = streamRandom(seed, SIZE_STREAM, index);
  return Math.round(Math.min(350_000, Math.max(2, Math.exp(Math.log(120) + 1.6 * normal(rng)))));
}

const F = COMPANY_WORDS.first.length;
const PAIRS = F * COMPANY_WORDS.second.length;
const NAMES = PAIRS * (COMPANY_WORDS.qualifier.length + 1);

/** A unique company name for `index`: a seeded walk over word pairs, then qualified pairs, then numbered. */
export function companyName(seed: number, index: number): string {
  const k = (index % NAMES) * 7919 + (mixSeed(seed, 9, 0) % NAMES);
  const slot = k % NAMES;
  const pair = slot % PAIRS;
  const q = Math.floor(slot / PAIRS);
  const words = [
    ...(q > 0 ? [COMPANY_WORDS.qualifier[q - 1]] : []),
    COMPANY_WORDS.first[pair % F],
    COMPANY_WORDS.second[Math.floor(pair / F)],
  ];
  const round = Math.floor(index / NAMES);
  return `${words.join(' ')}${round > 0 ? ` ${round + 1}` : ''}`;
}

function domainFor(name: string, tld: string, useCountryTld: boolean): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${slug}.${useCountryTld ? tld : 'com'}`;
}

/** Account number `index`, the same every time for the same seed (regenerated on demand, never stored). */
export function accountAt(seed: number, index: number, asOfYear: number, owners: OwnerPool): SampleAccount {
  const rng = streamRandom(seed, ACCOUNT_STREAM, index);
  const employees = employeesAt(seed, index);
  const region = pickWeighted(rng, REGIONS);
  const country = pickWeighted(rng, COUNTRIES_BY_REGION[region]);
  const industry = pickWeighted(rng, INDUSTRIES);
  const name = companyName(seed, index);
  const scale = Math.log10(employees);
  // Bigger companies run more software: adoption scales from ×0.5 (tiny) to ×1.9 (very large).
  const sizeFactor = Math.min(1.9, Math.max(0.5, 0.4 + 0.35 * scale));
  const technologies: string[] = [];
  if (chance(rng, Math.min(0.95, 0.45 + 0.12 * scale))) {
    technologies.push(pickWeighted(rng, CRMS).name);
  }
  for (const t of OTHER_TECH) {
    const tilt = industry.name === 'Software' || industry.name === 'Fintech' ? 1.4 : 1;
    if (chance(rng, Math.min(0.95, t.adoption * sizeFactor * tilt))) technologies.push(t.name);
  }
  const annualRevenue =
    Math.round((employees * industry.revenuePerEmployee * Math.exp(0.35 * normal(rng))) / 1000) * 1000;
  const age = Math.min(
    120,
    Math.max(1, Math.round(Math.exp(Math.log(8) + 0.25 * Math.log(employees / 50) + 0.6 * normal(rng)))),
  );
  const fit = companyFit({ employees, industry: industry.name, technologies, region });
  const customer = chance(rng, sigmoid(-6.5 + 6 * fit));
  const segment = segmentOf(employees);
  let ownerId: string | null = null;
  if (customer) {
    const pool =
      owners.accountManagers[region].length > 0
        ? owners.accountManagers[region]
        : owners.enterpriseAes[region];
    ownerId = pool.length > 0 ? rng.pick(pool) : null;
  } else if (segment === 'Enterprise' && chance(rng, 0.6)) {
    const pool = owners.enterpriseAes[region].length > 0 ? owners.enterpriseAes[region] : owners.anyAe;
    ownerId = pool.length > 0 ? rng.pick(pool) : null;
  }
  return {
    id: accountId(index),
    name,
    domain: domainFor(name, country.tld, chance(rng, country.tld === 'com' ? 0 : 0.35)),
    industry: industry.name,
    employees,
    annualRevenue,
    segment,
    country: country.code,
    region,
    timezone: rng.pick(country.timezones),
    technologies,
    foundedYear: asOfYear - age,
    customer,
    ownerId,
  };
}
