import { performance } from 'node:perf_hooks';
import { Placer } from '../dist/loops/deploy/logic.js';
import { compileTerritories } from '../dist/planning/match.js';
import { coverageOn } from '../dist/planning/owners.js';
import { Scenario } from '../dist/planning/scenario.js';
import { isolated } from './child.js';
import { type BenchResult, benchResult, budget } from './results.js';

const COUNTRIES = [
  'US',
  'CA',
  'GB',
  'DE',
  'FR',
  'NL',
  'SE',
  'NO',
  'ES',
  'IT',
  'AU',
  'JP',
  'BR',
  'MX',
  'IN',
  'SG',
  'IE',
  'DK',
  'FI',
  'PL',
  'CH',
  'AT',
  'BE',
  'PT',
  'NZ',
];
const SEGMENTS = ['enterprise', 'commercial'];
const INDUSTRIES = [
  'Software',
  'Fintech',
  'Healthcare',
  'Retail',
  'Manufacturing',
  'Logistics',
  'Energy',
  'Media',
];

/** A plan year with 50 territories (25 countries × 2 segments) and 500 reps, 10 per territory, as its YAML holds it. */
export function scenarioDocument() {
  const territories = COUNTRIES.flatMap((c) =>
    SEGMENTS.map((s) => ({
      id: `${c.toLowerCase()}-${s}`,
      name: `${c} ${s}`,
      countries: [c],
      segments: [s],
      target: 5_000_000,
    })),
  );
  const roster = territories.flatMap((t) =>
    Array.from({ length: 10 }, (_, i) => ({ id: `rep-${t.id}-${i}`, role: 'ae', territory: t.id })),
  );
  return {
    effective: '2027-02-01',
    icp: {
      segments: [
        { name: 'enterprise', when: { field: 'employees', op: 'gte', value: 1000 } },
        { name: 'commercial', when: { all: [] } },
      ],
    },
    roles: { ae: { capacity: 900_000, ramp: [0.25, 0.5, 0.75], maxAccounts: 2500 } },
    roster,
    territories,
  };
}

const scenario = (): Scenario => Scenario.parse(scenarioDocument());

/** Accounts as the store holds them, generated lazily: a third already assigned, some of them elsewhere. */
export function* accounts(n: number) {
  for (let i = 0; i < n; i++) {
    const country = COUNTRIES[(i * 7 + (i >> 4)) % COUNTRIES.length] as string;
    const employees = 10 + ((i * 37) % 5000);
    const assigned = i % 3 === 0;
    yield {
      id: `account_${i}`,
      externalId: `acc-${i}`,
      values: {
        name: `Company ${i}`,
        domain: `company${i}.com`,
        country,
        industry: INDUSTRIES[i % INDUSTRIES.length] as string,
        employees,
        ...(assigned
          ? {
              territoryId: `${country.toLowerCase()}-commercial`,
              ownerId: `rep-${country.toLowerCase()}-commercial-${i % 10}`,
            }
          : {}),
      },
    };
  }
}

/** Plans deploy's account assignments for `n` accounts and 500 reps: match, own, diff. */
async function measure(n: number): Promise<BenchResult[]> {
  const s = scenario();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const compiled = compileTerritories(s);
  const coverage = coverageOn(s, '2027-02-02');
  const placer = new Placer(compiled, coverage, '2027-02-02');
  for (const a of accounts(n)) placer.add(a);
  const unsettled = placer.finish();
  const { placed } = placer;
  let changes = 0;
  for (const a of accounts(n)) {
    const p = placed.get(a.id);
    if (!p) continue;
    if (p.values.territoryId !== a.values.territoryId || p.values.ownerId !== (a.values.ownerId ?? null))
      changes++;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `deploy plan: ${n.toLocaleString()} accounts, ${s.roster.length} reps, ${changes.toLocaleString()} changes, ${unsettled.length} unsettled`,
  );
  return [
    budget(
      `deploy plan: ${n.toLocaleString('en-US')} accounts, ${s.roster.length} reps`,
      seconds,
      's',
      30,
      'budget 30 s',
    ),
    benchResult(
      'deploy plan: CPU seconds (wall time above counts waiting on a shared machine)',
      cpuSeconds,
      's',
    ),
    benchResult('deploy plan: accounts per second', n / seconds, 'accounts/s'),
    budget('deploy plan: peak RSS', rss, 'MiB', 1024, 'budget 1 GB'),
  ];
}

/** The same, in a process of its own so the peak memory row is the plan's alone. */
export const deployBench = isolated(
  import.meta.url,
  'deploy plan',
  measure,
  Number(process.env.BENCH_DEPLOY_ACCOUNTS ?? 100_000),
);
