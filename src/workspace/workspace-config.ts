import { z } from 'zod';
import { IMPORTABLE_KINDS } from '../kernel/index.js';
import { ChannelsConfig } from './channels-config.js';
import { GovernanceConfig } from './governance-config.js';
import { IntakeConfig } from './intake-mapping.js';

const LoopName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'expected a kebab-case loop name')
  .describe('A loop name, as the loop defines it (e.g. qualify, route, or a plug-in loop).');

const StoreConfig = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('sqlite').describe('The embedded default: one SQLite file.'),
      path: z
        .string()
        .default('.revloops/revloops.db')
        .describe('The SQLite file, relative to the workspace.'),
    }),
    z.strictObject({
      kind: z.literal('postgres').describe('PostgreSQL, for many workers.'),
      urlEnv: z
        .string()
        .default('REVLOOPS_DATABASE_URL')
        .describe('The environment variable that holds the connection URL (never the URL itself).'),
    }),
  ])
  .describe('Where decisions, events and records are stored. REVLOOPS_DATABASE_URL overrides it.');

const AgentBudget = z
  .strictObject({
    maxCalls: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('At most this many LLM calls per loop per UTC day; further calls go to review.'),
    maxTokens: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'No new LLM call once a loop has used this many tokens in the UTC day (the last call may overshoot).',
      ),
  })
  .describe('A daily budget per loop, counted in the store so it holds across every worker.');

const AgentsConfig = z
  .strictObject({
    provider: z
      .enum(['heuristic', 'openai-compatible', 'anthropic'])
      .default('heuristic')
      .describe(
        'Which agent provider does semantic work: heuristic (built in, offline, deterministic), ' +
          'openai-compatible (OpenAI, Ollama, vLLM, ...) or anthropic.',
      ),
    model: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Model name for LLM providers (required for them), e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5.',
      ),
    baseUrl: z
      .string()
      .url()
      .optional()
      .describe(
        'Base URL of the API: required for openai-compatible (https://api.openai.com/v1, ' +
          'http://localhost:11434/v1 for Ollama); for anthropic it defaults to https://api.anthropic.com/v1.',
      ),
    apiKeyEnv: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        'expected the name of an environment variable that holds the key (such as OPENAI_API_KEY), never the key itself',
      )
      .optional()
      .describe(
        'Environment variable holding the API key (never the key itself); anthropic defaults to ' +
          'ANTHROPIC_API_KEY, openai-compatible sends no key without it.',
      ),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .default(20_000)
      .describe('How long one agent call may take, retries included, before the item goes to review.'),
    maxRetries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe('Retries of a failed HTTP call (rate limits, server errors) within the timeout.'),
    maxOutputTokens: z.number().int().min(16).default(2048).describe('The most tokens one answer may use.'),
    budget: AgentBudget.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.provider !== 'heuristic' && !a.model)
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: `a model is required for provider ${a.provider}`,
      });
    if (a.provider === 'openai-compatible' && !a.baseUrl)
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: 'a base URL is required for provider openai-compatible',
      });
  })
  .describe('The agent provider, its limits and its daily budget per loop.');

const ChainConfig = z
  .strictObject({
    name: z.string().min(1).describe('The chain name, e.g. demand.'),
    loops: z.array(LoopName).min(2).describe('Loops in order; each hands off to the next.'),
  })
  .describe('A chain of loops linked by handoff events.');

/** The schema of revloops.yaml. */
export const WorkspaceConfig = z
  .strictObject({
    name: z.string().min(1).describe('The workspace (company) name.'),
    description: z.string().optional().describe('What this workspace runs.'),
    scenario: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected a scenario name (a folder under scenarios/)')
      .optional()
      .describe('The active scenario (scenarios/<name>/): what materialized loops such as deploy make real.'),
    timezone: z.string().default('UTC').describe('Default IANA time zone for schedules and working hours.'),
    store: StoreConfig.default({ kind: 'sqlite', path: '.revloops/revloops.db' }),
    agents: AgentsConfig.default({
      provider: 'heuristic',
      timeoutMs: 20_000,
      maxRetries: 2,
      maxOutputTokens: 2048,
    }),
    loops: z
      .array(LoopName)
      .default([])
      .describe('The loops this workspace runs. Each may have loops/<name>.yaml.'),
    chains: z
      .array(ChainConfig)
      .default([])
      .describe('Chains of loops; validate checks every handoff contract.'),
    channels: ChannelsConfig.optional().describe(
      'Where notifications go: Slack, email, signed webhooks, the in-app inbox.',
    ),
    records: z
      .array(
        z.strictObject({
          kind: z.enum(IMPORTABLE_KINDS).describe('The record kind the file holds.'),
          file: z
            .string()
            .min(1)
            .describe('A .csv or .jsonl file, relative to the workspace, e.g. data/users.csv.'),
          map: z.string().optional().describe('A column mapping file (see revloops import --map).'),
        }),
      )
      .default([])
      .describe(
        'Record files kept in the workspace (the team, accounts, opportunities): `run` and `worker` load them first, upserting by external id, so the records follow the files.',
      ),
    runtime: z
      .strictObject({
        batchSize: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(100)
          .describe('Events per micro-batch; each batch commits in one transaction.'),
        maxAttempts: z
          .number()
          .int()
          .min(1)
          .max(50)
          .default(5)
          .describe('Attempts before an event goes to the dead-letter state.'),
        leaseSeconds: z
          .number()
          .int()
          .min(5)
          .default(60)
          .describe('How long a worker holds claimed events before another may take them.'),
        pollMs: z
          .number()
          .int()
          .min(10)
          .default(1000)
          .describe('Pause between polls when a worker has nothing to do.'),
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(64)
          .default(1)
          .describe(
            'Runs of a batch in flight at once. Raise it when loops wait on remote agents or a distant database.',
          ),
      })
      .default({ batchSize: 100, maxAttempts: 5, leaseSeconds: 60, pollMs: 1000, concurrency: 1 })
      .describe('How workers process events. Command-line flags override these.'),
    plugins: z
      .array(z.string())
      .default(['plugins'])
      .describe('Folders (relative to the workspace) holding plug-in loop modules (.ts, .js, .mjs).'),
    governance: GovernanceConfig.optional().describe(
      'Review queues (assignee, SLA, escalation), loop owners, monitors and proposals, earned autonomy.',
    ),
    intake: IntakeConfig.optional().describe(
      'Column mappings for `revloops ingest`, per event type: target field <- source column.',
    ),
  })
  .describe('revloops.yaml: the workspace of a company revenue system.');

/** A parsed revloops.yaml. */
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;
