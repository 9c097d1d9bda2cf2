import { z } from 'zod';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const ENV = /^[A-Z_][A-Z0-9_]*$/;
const HEADER = /^[A-Za-z0-9-]+$/;
const DATA_FILE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w./-]+\.(csv|jsonl)$/;

/** Company fields the waterfall knows the type of; any other field is kept as the provider gives it. */
export const NUMERIC_COMPANY_FIELDS: ReadonlySet<string> = new Set([
  'employees',
  'annualRevenue',
  'foundedYear',
]);

/** Company fields that hold a list (a text cell is split on `;` or `|`). */
export const LIST_COMPANY_FIELDS: ReadonlySet<string> = new Set(['technologies']);

const CompanyField = z
  .string()
  .regex(FIELD, 'expected a field name such as employees')
  .describe('A company field, e.g. employees, industry, technologies.');

const fieldMap = (what: string, defaults: Record<string, string>) =>
  z
    .record(CompanyField, z.string().regex(PATH, `expected a ${what} such as employees or metrics.employees`))
    .default(defaults)
    .describe(`Company field -> the ${what} it comes from. Only these fields are taken from this provider.`);

/** The fields a companies table usually has, by the same names. */
const SAME_NAMES = Object.fromEntries(
  [
    'name',
    'domain',
    'website',
    'employees',
    'annualRevenue',
    'industry',
    'country',
    'region',
    'technologies',
  ].map((f) => [f, f]),
);

const providerName = z
  .string()
  .regex(NAME, 'expected a kebab-case name')
  .describe('Unique kebab-case name; the trace says which provider gave each field.');

const candidates = (d: number) =>
  z.number().int().min(1).max(50).default(d).describe('Most candidate companies one lookup returns.');

const AccountsProvider = z
  .strictObject({
    name: providerName,
    kind: z.literal('accounts').describe("The workspace's own account records."),
    match: z
      .strictObject({
        domain: z.string().regex(PATH).default('domain').describe('The account field holding its domain.'),
        name: z
          .string()
          .regex(PATH)
          .default('name')
          .describe('The account field holding its name (exact match).'),
      })
      .prefault({})
      .describe('Which account fields a lead is matched on: domain, and the name as typed.'),
    fields: fieldMap('account field', SAME_NAMES),
    maxCandidates: candidates(5),
  })
  .describe('Accounts already in the records of work, matched by domain or exact name.');

const FileProvider = z
  .strictObject({
    name: providerName,
    kind: z.literal('file').describe('A companies file in the workspace data/ folder.'),
    file: z
      .string()
      .regex(DATA_FILE, 'expected a .csv or .jsonl file inside data/, e.g. companies.csv')
      .describe('The file, relative to data/: CSV with a header row, or JSONL.'),
    columns: z
      .strictObject({
        id: z.string().min(1).default('id').describe('The column that identifies a row (else the domain).'),
        name: z.string().min(1).default('name').describe('The company name column.'),
        domain: z.string().min(1).default('domain').describe('The domain column.'),
        website: z.string().min(1).default('website').describe('The website column (any URL form).'),
      })
      .prefault({})
      .describe('The columns a lead is matched on.'),
    fields: fieldMap('column', SAME_NAMES),
    maxCandidates: candidates(8),
  })
  .describe('A companies file, read once per process: matched by domain, website and name words.');

const EnvHeader = z
  .strictObject({
    env: z
      .string()
      .regex(ENV, 'expected an environment variable name such as ENRICH_API_KEY')
      .describe('The environment variable holding the value; the value itself never goes in config.'),
    prefix: z.string().max(20).optional().describe('Text before the value, e.g. "Bearer ".'),
  })
  .describe('A header whose value comes from the environment.');

const HttpProvider = z
  .strictObject({
    name: providerName,
    kind: z.literal('http').describe('An HTTP JSON enrichment API.'),
    url: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL')
      .refine((u) => u.includes('{domain}') || u.includes('{name}'), {
        message:
          'expected {domain} or {name} in the URL, e.g. https://api.example.com/companies?domain={domain}',
      })
      .describe(
        'URL template; {domain} and {name} are replaced (URL-encoded). No keys in the URL: use headers.',
      ),
    headers: z
      .record(z.string().regex(HEADER, 'expected a header name'), EnvHeader)
      .default({})
      .describe(
        'Headers sent, each read from an environment variable, e.g. Authorization: {env: KEY, prefix: "Bearer "}.',
      ),
    timeoutMs: z
      .number()
      .int()
      .min(50)
      .max(60_000)
      .default(3000)
      .describe('Give up after this many milliseconds; the provider is then unavailable for this lead.'),
    root: z
      .string()
      .regex(PATH, 'expected a dotted path such as data or results')
      .optional()
      .describe('Where the company (or a list of them) sits in the answer; default: the whole answer.'),
    fields: fieldMap('JSON path', SAME_NAMES),
    maxCandidates: candidates(5),
  })
  .describe('An HTTP API answering JSON, with field mapping (JSON path -> company field).');

/** One enrichment provider: accounts, a companies file, or an HTTP API. */
const Provider = z
  .discriminatedUnion('kind', [AccountsProvider, FileProvider, HttpProvider])
  .describe('An enrichment provider: kind accounts, file or http.');

/** A parsed provider. */
export type EnrichmentProvider = z.infer<typeof Provider>;

const threshold = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);

/** The enrichment block of loops/qualify.yaml. */
export const Enrichment = z
  .strictObject({
    providers: z
      .array(Provider)
      .default([])
      .describe('The waterfall, tried in order until every needed field has a value. Empty: no enrichment.'),
    fill: z
      .record(z.string().regex(PATH, 'expected a lead field'), CompanyField)
      .default({
        employees: 'employees',
        industry: 'industry',
        country: 'country',
        technologies: 'technologies',
      })
      .describe(
        'Lead field <- company field: what enrichment fills when the lead has no value (the lead wins).',
      ),
    skipWhenComplete: z
      .boolean()
      .default(true)
      .describe('Skip enrichment (and its cost) when the lead already has every field in fill.'),
    match: z
      .strictObject({
        autoAccept: threshold(0.85, 'At or above this confidence an ambiguous match is applied.'),
        review: threshold(
          0.4,
          'At or above this (and below autoAccept) the match goes to the enrichment review queue; below, the lead stays unenriched.',
        ),
      })
      .prefault({})
      .refine((m) => m.review <= m.autoAccept, { message: 'expected review <= autoAccept', path: ['review'] })
      .describe('Confidence thresholds of the agent that picks between several candidate companies.'),
  })
  .prefault({})
  .superRefine((e, ctx) => {
    const seen = new Set<string>();
    e.providers.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({
          code: 'custom',
          path: ['providers', i, 'name'],
          message: `provider ${p.name} is already named`,
        });
      seen.add(p.name);
    });
  })
  .describe('Enrichment: a waterfall of company data providers, and how ambiguous matches are settled.');

/** A parsed enrichment block. */
export type Enrichment = z.infer<typeof Enrichment>;
