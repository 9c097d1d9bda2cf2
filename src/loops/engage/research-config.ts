import { z } from 'zod';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const DATA_FILE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w./-]+\.(csv|jsonl)$/;

/** The kinds of signal research knows; anything else a source gives is kept as `news`. */
export const SIGNAL_KINDS = ['funding', 'hiring', 'news', 'technology'] as const;

/** A signal kind. */
export type SignalKind = (typeof SIGNAL_KINDS)[number];

const sourceName = z
  .string()
  .regex(NAME, 'expected a kebab-case name')
  .describe('Unique kebab-case name; every fact it gives is cited by it.');

const maxAgeDays = z
  .number()
  .int()
  .positive()
  .default(180)
  .describe('Signals older than this many days are ignored.');

const FileSource = z
  .strictObject({
    name: sourceName,
    kind: z.literal('file').describe('A signals file in the workspace data/ folder.'),
    file: z
      .string()
      .regex(DATA_FILE, 'expected a .csv or .jsonl file inside data/, e.g. company-signals.csv')
      .describe(
        'The file: one signal per row, with the columns domain, kind, title, date (and optional detail, round, amount, url).',
      ),
    domainColumn: z.string().min(1).default('domain').describe('The column holding the company domain.'),
    maxAgeDays,
    limit: z.number().int().min(1).max(50).default(10).describe('Most signals read per company.'),
  })
  .describe('Signals (funding rounds, hiring, news, technologies) from a workspace data file.');

const EnvHeader = z
  .strictObject({
    env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as SIGNALS_API_KEY')
      .describe('The environment variable holding the value; the value never goes in config.'),
    prefix: z.string().max(20).optional().describe('Text before the value, e.g. "Bearer ".'),
  })
  .describe('A header whose value comes from the environment.');

const HttpSource = z
  .strictObject({
    name: sourceName,
    kind: z.literal('http').describe('An HTTP API answering JSON signals.'),
    url: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL')
      .refine((u) => u.includes('{domain}'), {
        message: 'expected {domain} in the URL, e.g. https://signals.example.com/v1/companies/{domain}',
      })
      .describe('URL template; {domain} is replaced (URL-encoded). No keys in the URL: use headers.'),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'expected a header name'), EnvHeader)
      .default({})
      .describe('Headers sent, each read from an environment variable.'),
    root: z
      .string()
      .regex(PATH, 'expected a dotted path such as data.signals')
      .optional()
      .describe('Where the list of signals sits in the answer; default: the whole answer.'),
    timeoutMs: z.number().int().min(50).max(60_000).default(3000).describe('Give up after this long.'),
    maxAgeDays,
    limit: z.number().int().min(1).max(50).default(10).describe('Most signals read per company.'),
  })
  .describe('Signals from an HTTP JSON API: a list of {kind, title, date, detail?, round?, amount?, url?}.');

/** A research source of signals. */
export const ResearchSource = z
  .discriminatedUnion('kind', [FileSource, HttpSource])
  .describe('A research source: kind file or http.');

/** A parsed research source. */
export type ResearchSource = z.infer<typeof ResearchSource>;

/** The research block: where signals come from. Records and enrichment are always read. */
export const ResearchConfig = z
  .strictObject({
    sources: z
      .array(ResearchSource)
      .default([])
      .describe(
        'Signal sources, all asked; the lead, account, opportunities and enrichment are always read.',
      ),
    headline: z
      .array(z.enum(SIGNAL_KINDS))
      .default(['funding', 'hiring', 'news', 'technology'])
      .describe(
        'Which kind of signal leads the sequence ("why now"), in order of preference; newest first within a kind.',
      ),
  })
  .prefault({})
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.sources.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'name'],
          message: `source ${s.name} is already named`,
        });
      seen.add(s.name);
    });
  })
  .describe('Research: the sources of signals, and which signal leads.');

/** A parsed research block. */
export type ResearchConfig = z.infer<typeof ResearchConfig>;
