import { RevloopsError } from '../kernel/index.js';
import { accountAt, accountId, employeesAt } from './accounts.js';
import { type LeadWindow, nextLead } from './leads.js';
import { searchCumulative, streamRandom } from './random.js';
import type { SampleAccount, SampleDataOptions, SampleLead, SampleUser } from './types.js';
import { generateUsers, ownerPool } from './users.js';

const LEAD_STREAM = 4;
const ACCOUNT_CACHE = 16_384;
const DAY_MS = 86_400_000;

/** The three data sets as lazy streams: each call starts the same sequence again, one record at a time. */
export interface SampleDataStreams {
  accounts(): Generator<SampleAccount>;
  users(): Generator<SampleUser>;
  leads(): Generator<SampleLead>;
}

/** The options with their defaults filled in, checked. */
interface ResolvedSampleOptions {
  leads: number;
  accounts: number;
  reps: number;
  seed: number;
  asOf: number;
  days: number;
  sellerDomain: string;
}

function count(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RevloopsError('USAGE', `${name} must be a whole number of 0 or more, got ${value}`, [
      { path: name, message: 'expected a non-negative integer' },
    ]);
  }
  return value;
}

/** Fills in defaults and rejects impossible options with the option's name. */
function resolveSampleOptions(options: SampleDataOptions): ResolvedSampleOptions {
  const asOf = Date.parse(options.asOf ?? '2025-01-01T00:00:00.000Z');
  if (Number.isNaN(asOf))
    throw new RevloopsError('USAGE', `asOf must be an ISO-8601 instant, got ${options.asOf}`);
  const resolved = {
    leads: count('leads', options.leads),
    accounts: count('accounts', options.accounts),
    reps: count('reps', options.reps),
    seed: count('seed', options.seed) >>> 0,
    asOf,
    days: Math.max(1, count('days', options.days ?? 365)),
    sellerDomain: options.sellerDomain ?? 'acme.example',
  };
  if (resolved.leads > 0 && resolved.accounts === 0) {
    throw new RevloopsError('USAGE', 'leads need at least one account to work at', [
      { path: 'accounts', message: 'expected 1 or more when leads > 0' },
    ]);
  }
  return resolved;
}

/**
 * Seeded, realistic sample data as streams. Nothing is held in memory but the roster-sized owner pool
 * and one float per account (the lead weights): a million leads stream in flat memory. The same options
 * always give the same records; see README.md for the distributions.
 */
export function generateSampleData(options: SampleDataOptions): SampleDataStreams {
  const o = resolveSampleOptions(options);
  const asOfYear = new Date(o.asOf).getUTCFullYear();
  const window: LeadWindow = { start: o.asOf - o.days * DAY_MS, days: o.days };
  return {
    *accounts() {
      const owners = ownerPool(o.seed, o.reps, o.asOf);
      for (let i = 0; i < o.accounts; i++) yield accountAt(o.seed, i, asOfYear, owners);
    },
    users: () => generateUsers(o.seed, o.reps, o.asOf, o.sellerDomain),
    *leads() {
      if (o.leads === 0) return;
      const owners = ownerPool(o.seed, o.reps, o.asOf);
      // Bigger companies send more leads: weight ∝ employees^0.55.
      const cumulative = new Float64Array(o.accounts);
      let total = 0;
      for (let i = 0; i < o.accounts; i++) {
        total += employeesAt(o.seed, i) ** 0.55;
        cumulative[i] = total;
      }
      // Big accounts come up again and again: a small direct-mapped cache saves regenerating them.
      const cache: (SampleAccount | undefined)[] = new Array(ACCOUNT_CACHE);
      const rng = streamRandom(o.seed, LEAD_STREAM);
      for (let i = 0; i < o.leads; i++) {
        const index = searchCumulative(cumulative, rng.next() * total);
        let account = cache[index % ACCOUNT_CACHE];
        if (account?.id !== accountId(index)) {
          account = accountAt(o.seed, index, asOfYear, owners);
          cache[index % ACCOUNT_CACHE] = account;
        }
        yield nextLead(rng, i, account, window);
      }
    },
  };
}
