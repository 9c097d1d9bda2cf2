/**
 * The routing-rules benchmark: one realistic 10-rule first-match set over generated leads,
 * evaluated by revloops (`compileRules`) and by json-rules-engine, GoRules' zen-engine (a
 * first-hit decision table), cel-js and a
 * hand-written `if` chain, which must all pick the same rule for every lead. Targets: at least
 * 100× json-rules-engine and 0.5× the hand-written chain. Runnable alone:
 * `node --import tsx bench/rules.ts` (BENCH_RULE_LEADS, BENCH_RULE_PASSES).
 */

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Environment } from '@marcbachmann/cel-js';
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { type Condition, compileRules, seededRandom } from '../dist/kernel/index.js';
import { type BenchResult, benchResult, printResults } from './results.js';

const LEADS = Number(process.env.BENCH_RULE_LEADS ?? 100_000);
/** Timed passes of each fast engine; the median is reported. */
const PASSES = Number(process.env.BENCH_RULE_PASSES ?? 7);

interface Lead {
  id: number;
  email: string;
  emailDomain: string;
  title: string;
  grade: 'A' | 'B' | 'C' | 'D';
  score: number;
  employees: number;
  country: string;
  region: string;
  industry: string;
  isCustomer: boolean;
}

const REGION: Record<string, string> = {
  US: 'NA',
  CA: 'NA',
  MX: 'LATAM',
  BR: 'LATAM',
  GB: 'EMEA',
  DE: 'EMEA',
  FR: 'EMEA',
  NL: 'EMEA',
  ES: 'EMEA',
  SE: 'EMEA',
  AU: 'APAC',
  JP: 'APAC',
  SG: 'APAC',
  IN: 'APAC',
};
const COUNTRY_WEIGHTS: [string, number][] = [
  ['US', 35],
  ['CA', 5],
  ['MX', 2],
  ['BR', 3],
  ['GB', 10],
  ['DE', 8],
  ['FR', 6],
  ['NL', 3],
  ['ES', 3],
  ['SE', 2],
  ['AU', 5],
  ['JP', 4],
  ['SG', 3],
  ['IN', 6],
];
const INDUSTRIES = [
  'Software',
  'Fintech',
  'Banking',
  'Insurance',
  'Healthcare',
  'Manufacturing',
  'Retail',
  'Media',
  'Logistics',
  'Energy',
];
const TITLES = [
  'VP of Sales',
  'SVP, Revenue',
  'Vice President Marketing',
  'Chief Revenue Officer',
  'Sales Manager',
  'Account Executive',
  'Head of Growth',
  'Software Engineer',
  'Director of Operations',
  'CEO',
  'RevOps Lead',
  'Marketing Coordinator',
  'AVP Finance',
  'Founder',
  'Sales Development Rep',
  'CFO',
];
const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com'];
const PUBLIC = ['agency.gov', 'state.edu', 'army.mil', 'council.gov.uk', 'uni.edu.au', 'health.gov'];
// Near misses: they contain gov/edu but are not public-sector domains.
const NEAR = ['government-cloud.com', 'edu-tech.io', 'acme.gov.com', 'milestone.io'];
const STEMS = ['north', 'blue', 'acme', 'vertex', 'quantum', 'harbor', 'pixel', 'summit', 'atlas', 'nimbus'];
const TLDS = ['com', 'io', 'co.uk', 'de', 'com.au', 'fr'];

/** Deterministic leads: the same seed gives the same leads on every machine. */
function generateLeads(n: number): Lead[] {
  const random = seededRandom(20260501);
  const weighted = (pairs: readonly [string, number][]) => {
    let r = random.next() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return (pairs[0] as [string, number])[0];
  };
  const between = (lo: number, hi: number) => lo + random.int(hi - lo + 1);
  return Array.from({ length: n }, (_, id) => {
    const country = weighted(COUNTRY_WEIGHTS);
    const grade = weighted([
      ['A', 15],
      ['B', 30],
      ['C', 35],
      ['D', 20],
    ]) as Lead['grade'];
    const employees = [between(1, 99), between(100, 999), between(1000, 4999), between(5000, 50_000)][
      Number(
        weighted([
          ['0', 40],
          ['1', 30],
          ['2', 18],
          ['3', 12],
        ]),
      )
    ] as number;
    const score = { A: between(75, 100), B: between(55, 90), C: between(30, 80), D: between(0, 50) }[grade];
    const kind = random.next();
    const emailDomain =
      kind < 0.04
        ? random.pick(PUBLIC)
        : kind < 0.06
          ? random.pick(NEAR)
          : kind < 0.26
            ? random.pick(FREE_MAIL)
            : `${random.pick(STEMS)}${random.int(3000)}.${random.pick(TLDS)}`;
    return {
      id,
      email: `lead${id}@${emailDomain}`,
      emailDomain,
      title: random.pick(TITLES),
      grade,
      score,
      employees,
      country,
      region: REGION[country] ?? 'OTHER',
      industry: random.pick(INDUSTRIES),
      isCustomer: random.next() < 0.07,
    };
  });
}

const PUBLIC_SECTOR = '\\.(gov|edu|mil)(\\.[a-z]{2})?$';
const SMB_COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'AU'];

/** The routing set as ops write it in route.yaml: priority order, first match fires. */
const RULES: readonly { name: string; when: Condition }[] = [
  { name: 'existing-customer', when: { field: 'isCustomer', op: 'eq', value: true } },
  { name: 'public-sector', when: { field: 'emailDomain', op: 'matches', value: PUBLIC_SECTOR } },
  {
    name: 'strategic-na',
    when: {
      all: [
        { field: 'grade', op: 'eq', value: 'A' },
        { field: 'employees', op: 'gte', value: 5000 },
        { field: 'country', op: 'in', value: ['US', 'CA'] },
      ],
    },
  },
  {
    name: 'a-commercial-na',
    when: {
      all: [
        { field: 'grade', op: 'eq', value: 'A' },
        { field: 'employees', op: 'between', value: [100, 4999] },
        { field: 'region', op: 'eq', value: 'NA' },
      ],
    },
  },
  {
    name: 'emea-financial',
    when: {
      all: [
        { field: 'region', op: 'eq', value: 'EMEA' },
        { field: 'industry', op: 'in', value: ['Fintech', 'Banking', 'Insurance'] },
        { field: 'employees', op: 'gte', value: 500 },
      ],
    },
  },
  {
    name: 'vp-buyer',
    when: {
      all: [
        { field: 'title', op: 'contains', value: 'vp' },
        { field: 'grade', op: 'in', value: ['A', 'B'] },
      ],
    },
  },
  {
    name: 'apac-enterprise',
    when: {
      all: [
        { field: 'region', op: 'eq', value: 'APAC' },
        { field: 'employees', op: 'gte', value: 1000 },
      ],
    },
  },
  {
    name: 'hot-inbound',
    when: {
      all: [
        { field: 'score', op: 'between', value: [80, 100] },
        { field: 'grade', op: 'in', value: ['B', 'C'] },
      ],
    },
  },
  {
    name: 'smb',
    when: {
      all: [
        { field: 'employees', op: 'lt', value: 100 },
        { field: 'country', op: 'in', value: SMB_COUNTRIES },
      ],
    },
  },
  { name: 'catch-all', when: { all: [] } },
];

/** (a) revloops: the rule set compiled once; the hot path asks for the first match, no reasons built. */
function revloops(): (leads: readonly Lead[]) => Int8Array {
  const { firstMatch } = compileRules(RULES.map((r) => r.when));
  return (leads) => {
    const out = new Int8Array(leads.length);
    for (let i = 0; i < leads.length; i++) out[i] = firstMatch(leads[i]);
    return out;
  };
}

/** (e) the same rules as a hand-written `if` chain: what an engineer would write without an engine. */
function handWritten(): (leads: readonly Lead[]) => Int8Array {
  const publicSector = new RegExp(PUBLIC_SECTOR, 'i');
  const smb = new Set(SMB_COUNTRIES);
  const financial = new Set(['Fintech', 'Banking', 'Insurance']);
  const route = (l: Lead): number => {
    if (l.isCustomer) return 0;
    if (publicSector.test(l.emailDomain)) return 1;
    if (l.grade === 'A' && l.employees >= 5000 && (l.country === 'US' || l.country === 'CA')) return 2;
    if (l.grade === 'A' && l.employees >= 100 && l.employees <= 4999 && l.region === 'NA') return 3;
    if (l.region === 'EMEA' && financial.has(l.industry) && l.employees >= 500) return 4;
    if (l.title.toLowerCase().includes('vp') && (l.grade === 'A' || l.grade === 'B')) return 5;
    if (l.region === 'APAC' && l.employees >= 1000) return 6;
    if (l.score >= 80 && l.score <= 100 && (l.grade === 'B' || l.grade === 'C')) return 7;
    if (l.employees < 100 && smb.has(l.country)) return 8;
    return 9;
  };
  return (leads) => {
    const out = new Int8Array(leads.length);
    for (let i = 0; i < leads.length; i++) out[i] = route(leads[i] as Lead);
    return out;
  };
}

/** (d) cel-js: each rule as a CEL expression, parsed once, evaluated in order. */
function cel(): (leads: readonly Lead[]) => Int8Array {
  const env = new Environment().registerVariable('lead', 'map');
  const expressions = [
    'lead.isCustomer == true',
    `lead.emailDomain.matches('${PUBLIC_SECTOR.replaceAll('\\', '\\\\')}')`,
    "lead.grade == 'A' && lead.employees >= 5000 && lead.country in ['US', 'CA']",
    "lead.grade == 'A' && lead.employees >= 100 && lead.employees <= 4999 && lead.region == 'NA'",
    "lead.region == 'EMEA' && lead.industry in ['Fintech', 'Banking', 'Insurance'] && lead.employees >= 500",
    "lead.title.lowerAscii().contains('vp') && lead.grade in ['A', 'B']",
    "lead.region == 'APAC' && lead.employees >= 1000",
    "lead.score >= 80 && lead.score <= 100 && lead.grade in ['B', 'C']",
    `lead.employees < 100 && lead.country in [${SMB_COUNTRIES.map((c) => `'${c}'`).join(', ')}]`,
    'true',
  ];
  const programs = expressions.map((e) => env.parse(e));
  return (leads) => {
    const out = new Int8Array(leads.length);
    for (let i = 0; i < leads.length; i++) {
      const context = { lead: leads[i] };
      out[i] = programs.findIndex((p) => p(context) === true);
    }
    return out;
  };
}

/** (b) json-rules-engine: one engine, rules by priority; the highest-priority success is the match. */
function jsonRulesEngine(): (leads: readonly Lead[]) => Promise<Int8Array> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const patterns = new Map<string, RegExp>();
  engine.addOperator<string, string>('matchesRegex', (fact, pattern) => {
    const re = patterns.get(pattern) ?? new RegExp(pattern, 'i');
    patterns.set(pattern, re);
    return typeof fact === 'string' && re.test(fact);
  });
  engine.addOperator<string, string>(
    'containsText',
    (fact, text) => typeof fact === 'string' && fact.toLowerCase().includes(text),
  );
  const c = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });
  const conditions: TopLevelCondition[] = [
    { all: [c('isCustomer', 'equal', true)] },
    { all: [c('emailDomain', 'matchesRegex', PUBLIC_SECTOR)] },
    {
      all: [
        c('grade', 'equal', 'A'),
        c('employees', 'greaterThanInclusive', 5000),
        c('country', 'in', ['US', 'CA']),
      ],
    },
    {
      all: [
        c('grade', 'equal', 'A'),
        c('employees', 'greaterThanInclusive', 100),
        c('employees', 'lessThanInclusive', 4999),
        c('region', 'equal', 'NA'),
      ],
    },
    {
      all: [
        c('region', 'equal', 'EMEA'),
        c('industry', 'in', ['Fintech', 'Banking', 'Insurance']),
        c('employees', 'greaterThanInclusive', 500),
      ],
    },
    { all: [c('title', 'containsText', 'vp'), c('grade', 'in', ['A', 'B'])] },
    { all: [c('region', 'equal', 'APAC'), c('employees', 'greaterThanInclusive', 1000)] },
    {
      all: [
        c('score', 'greaterThanInclusive', 80),
        c('score', 'lessThanInclusive', 100),
        c('grade', 'in', ['B', 'C']),
      ],
    },
    { all: [c('employees', 'lessThan', 100), c('country', 'in', SMB_COUNTRIES)] },
    { all: [] },
  ];
  conditions.forEach((conditions, i) => {
    engine.addRule({
      name: RULES[i]?.name ?? String(i),
      conditions,
      event: { type: 'match', params: { index: i } },
      priority: 100 - i,
    });
  });
  // One lead at a time: faster for this engine than many runs in flight.
  return async (leads) => {
    const out = new Int8Array(leads.length);
    for (let i = 0; i < leads.length; i++) {
      const r = await engine.run(leads[i] as unknown as Record<string, unknown>);
      out[i] = Math.min(...r.events.map((e) => Number(e.params?.index)));
    }
    return out;
  };
}

/** What the bench uses of zen-engine's native binding. */
interface ZenBinding {
  ZenEngine: new () => {
    createDecision(content: object): { evaluate(context: unknown): Promise<{ result: unknown }> };
  };
}

/**
 * zen-engine's native binding for this machine, or null. The registry carries its Linux x64 build
 * only (an optional dependency), so the JavaScript wrapper, which lists every platform, is not
 * installed: the binding is loaded directly.
 */
function zenBinding(): ZenBinding | null {
  try {
    return createRequire(import.meta.url)('@gorules/zen-engine-linux-x64-gnu') as ZenBinding;
  } catch {
    return null;
  }
}

/**
 * (c) zen-engine: the rule set as a JDM decision table with the first-hit policy, one column per
 * lead field, each cell a unary test on that field (`$`). The engine is native (Rust); every
 * evaluation is one async call into it.
 */
function zen(): (leads: readonly Lead[]) => Promise<Int8Array> {
  const columns = [
    'isCustomer',
    'emailDomain',
    'grade',
    'employees',
    'country',
    'region',
    'industry',
    'title',
    'score',
  ];
  const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
  const cells: Record<string, string>[] = [
    { isCustomer: 'true' },
    // zen strings take backslashes literally: the pattern goes in as it is.
    { emailDomain: `matches($, '${PUBLIC_SECTOR}')` },
    { grade: "'A'", employees: '>= 5000', country: list(['US', 'CA']) },
    { grade: "'A'", employees: '[100..4999]', region: "'NA'" },
    { region: "'EMEA'", industry: list(['Fintech', 'Banking', 'Insurance']), employees: '>= 500' },
    { title: "contains(lower($), 'vp')", grade: list(['A', 'B']) },
    { region: "'APAC'", employees: '>= 1000' },
    { score: '[80..100]', grade: list(['B', 'C']) },
    { employees: '< 100', country: list(SMB_COUNTRIES) },
    {},
  ];
  const content = {
    nodes: [
      { id: 'request', type: 'inputNode', name: 'request', position: { x: 0, y: 0 } },
      {
        id: 'routing',
        type: 'decisionTableNode',
        name: 'routing',
        position: { x: 200, y: 0 },
        content: {
          hitPolicy: 'first',
          inputs: columns.map((field) => ({ id: field, name: field, field })),
          outputs: [{ id: 'rule', name: 'rule', field: 'rule' }],
          rules: cells.map((row, i) => ({
            _id: `r${i}`,
            ...Object.fromEntries(columns.map((c) => [c, row[c] ?? ''])),
            rule: String(i),
          })),
        },
      },
      { id: 'response', type: 'outputNode', name: 'response', position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'e1', sourceId: 'request', targetId: 'routing', type: 'edge' },
      { id: 'e2', sourceId: 'routing', targetId: 'response', type: 'edge' },
    ],
  };
  const decision = new (zenBinding() as ZenBinding).ZenEngine().createDecision(content);
  return async (leads) => {
    const out = new Int8Array(leads.length);
    for (let i = 0; i < leads.length; i++) {
      const r = await decision.evaluate(leads[i]);
      out[i] = Number((r.result as { rule?: number }).rule ?? -1);
    }
    return out;
  };
}

interface Measured {
  engine: string;
  leadsPerSecond: number;
  matches: Int8Array;
}

type Run = (leads: readonly Lead[]) => Int8Array | Promise<Int8Array>;

/**
 * Times engines over every lead: each group runs `passes` rounds, its engines interleaved so that
 * load from elsewhere on the machine falls on them alike, and reports each engine's median. The
 * pair the targets compare (revloops and hand-written JS) forms one group; peers run after, in
 * their own groups, so that their allocations do not land between the pair's passes. A warm-up
 * on the first 10,000 leads lets the JIT settle first.
 */
async function measure(
  groups: readonly { passes: number; engines: readonly { name: string; run: Run }[] }[],
  leads: readonly Lead[],
): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const { passes, engines } of groups) {
    const times = new Map<string, number[]>(engines.map((e) => [e.name, []]));
    const matches = new Map<string, Int8Array>();
    for (const e of engines)
      for (let w = 0; w < Math.min(passes, 3); w++) await e.run(leads.slice(0, 10_000));
    for (let round = 0; round < passes; round++) {
      for (const e of engines) {
        const started = performance.now();
        matches.set(e.name, await e.run(leads));
        times.get(e.name)?.push(performance.now() - started);
      }
    }
    for (const e of engines) {
      const sorted = [...(times.get(e.name) ?? [])].sort((a, b) => a - b);
      const median = (sorted[Math.floor(sorted.length / 2)] as number) / 1000;
      out.push({
        engine: e.name,
        leadsPerSecond: leads.length / median,
        matches: matches.get(e.name) as Int8Array,
      });
    }
  }
  return out;
}

/** Runs the benchmark and prints its tables; returns its rows. */
export async function runRulesBench(): Promise<BenchResult[]> {
  const leads = generateLeads(LEADS);
  const measured = await measure(
    [
      {
        passes: PASSES,
        engines: [
          { name: 'revloops compiled conditions', run: revloops() },
          { name: 'hand-written JS', run: handWritten() },
        ],
      },
      { passes: PASSES, engines: [{ name: 'cel-js', run: cel() }] },
      {
        passes: 1,
        engines: [{ name: 'json-rules-engine', run: jsonRulesEngine() }],
      },
      ...(zenBinding()
        ? [{ passes: 1, engines: [{ name: 'zen-engine (decision table)', run: zen() }] }]
        : []),
    ],
    leads,
  );
  if (!zenBinding())
    console.log('zen-engine: no native binding for this platform is installed; its row is left out');
  const reference = measured[1] as Measured;
  const ours = measured[0] as Measured;
  const mismatches = (m: Measured) =>
    m.matches.reduce((n, v, i) => n + (v === reference.matches[i] ? 0 : 1), 0);
  const hits = RULES.map((_, r) => reference.matches.reduce((n, v) => n + (v === r ? 1 : 0), 0));
  console.log(
    `rules benchmark: ${leads.length.toLocaleString('en-US')} leads, ${RULES.length} rules, first match`,
  );
  console.log(`leads per rule: ${RULES.map((r, i) => `${r.name} ${hits[i]}`).join(', ')}`);
  for (const m of measured) {
    console.log(
      `  ${m.engine.padEnd(36)} ${Math.round(m.leadsPerSecond).toLocaleString('en-US').padStart(12)} leads/s  ` +
        `revloops ${(ours.leadsPerSecond / m.leadsPerSecond).toFixed(2)}×  mismatches ${mismatches(m)}`,
    );
  }
  const disagreeing = measured.filter((m) => mismatches(m) > 0).map((m) => m.engine);
  if (disagreeing.length > 0)
    throw new Error(`the engines disagree on the matched rule: ${disagreeing.join(', ')}`);
  const byName = new Map(measured.map((m) => [m.engine, m.leadsPerSecond]));
  const targets: Record<string, number> = { 'json-rules-engine': 100, 'hand-written JS': 0.5 };
  const rows = measured.slice(1).map((m) =>
    benchResult('rules: revloops compiled conditions', ours.leadsPerSecond, 'leads/s', {
      name: m.engine,
      value: byName.get(m.engine) as number,
      ...(targets[m.engine] === undefined ? {} : { target: targets[m.engine] as number }),
    }),
  );
  printResults(rows);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRulesBench();
