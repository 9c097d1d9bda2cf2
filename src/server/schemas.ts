import { z } from 'zod';

/** Any JSON value (documented as such; the store's own shapes vary per loop). */
const Json = z.unknown().describe('Any JSON value.');
const JsonObject = z.record(z.string(), z.unknown()).describe('A JSON object.');

/** An id in a path. */
export const IdParams = z.object({ id: z.string().min(1).max(200).describe('The id (or a unique prefix).') });

/** A loop name in a path. */
export const LoopParams = z.object({
  loop: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'expected a loop name such as route')
    .describe('The loop, e.g. route; `workspace` for revloops.yaml where versions are asked.'),
});

/** A window back from now: a span or an ISO-8601 instant. */
export const Since = z
  .string()
  .regex(/^(\d+[mhdw]|\d{4}-\d{2}-\d{2}.*)$/, 'expected a span such as 7d, 24h, 90m, or an ISO-8601 instant')
  .describe('A window back from now (7d, 24h, 90m, 2w) or an ISO-8601 instant.');

/** One decision row, as `revloops explain --json` prints it. */
export const DecisionSchema = z
  .object({
    id: z.string(),
    loop: z.string(),
    loopVersion: z.string(),
    configVersion: z.string().describe('Content hash of the config the decision ran with.'),
    gitSha: z.string().nullable(),
    mode: z.enum(['live', 'simulation', 'shadow', 'replay', 'review', 'feedback']),
    subject: z.string().nullable().describe('What it is about, e.g. lead:123.'),
    eventId: z.string().nullable(),
    eventType: z.string().nullable(),
    parentIds: z.array(z.string()).describe('Decisions upstream in the chain.'),
    rootId: z.string(),
    input: Json,
    output: Json,
    effects: z
      .array(JsonObject)
      .describe(
        'Record writes, tasks, notifications, handoffs, review items: the first 200; every one at /v1/decisions/{id}/effects.',
      ),
    effectCount: z.number().int().describe('How many effects the decision has.'),
    trace: z.array(JsonObject).describe('Rules tried, factors, agent calls, steps, in order.'),
    reasons: z.array(z.string()),
    confidence: z.number().nullable(),
    agentAnswers: z.array(JsonObject),
    now: z.string(),
    seed: z.number(),
    latencyMs: z.number(),
    createdAt: z.string(),
  })
  .describe(
    'A decision with everything explain needs; what it read, which replay uses, is at /v1/decisions/{id}/reads.',
  );

/** What a decision read, as replay sees it. */
export const DecisionReads = z.object({
  reads: z
    .array(z.object({ key: z.string(), result: Json }))
    .describe('Every record read of the run with its result, in order.'),
});

/** A decision in a chain listing. */
export const ChainLink = z.object({
  id: z.string(),
  loop: z.string(),
  subject: z.string().nullable(),
  parentIds: z.array(z.string()),
});

/** A review item as people see it. */
export const ReviewItemSchema = z
  .object({
    id: z.string(),
    loop: z.string(),
    queue: z.string(),
    decisionId: z.string(),
    subject: z.string().nullable(),
    assignee: z.string().nullable().describe('A user id, team:<id> or role:<name>; null: admins only.'),
    proposedAction: JsonObject,
    confidence: z.number().nullable(),
    reasoning: z.string(),
    status: z.string().describe('open, approved or rejected.'),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolution: Json,
    escalations: z.number(),
  })
  .describe('A review item.');

/** A review action's result. */
export const ReviewActionSchema = z.object({
  decision: DecisionSchema,
  item: ReviewItemSchema,
  grant: z.enum(['assignee', 'team', 'role', 'admin']).describe('Why the actor was allowed.'),
});

/** A config change proposal. */
export const ProposalSchema = z
  .object({
    id: z.string(),
    loop: z.string(),
    kind: z.string(),
    level: z.number(),
    title: z.string(),
    status: z.string(),
    evidence: Json,
    patch: z.array(z.object({ path: z.string(), from: Json, to: Json }).loose()),
    baseVersion: z.string(),
    proposedVersion: z.string().nullable(),
    source: z.string().nullable(),
    yaml: z.string().nullable(),
    diff: z.string().nullable().describe('Unified diff of the YAML file.'),
    backtest: Json.describe('Decisions re-run with the proposed config: how many changed, before and after.'),
    rollback: Json,
    decisionId: z.string().nullable(),
    shadowSince: z.string().nullable(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolution: Json,
  })
  .describe('A config change with evidence, diff, backtest and rollback criteria.');

/** A config field change: `path` set to `value`. */
export const FieldChange = z.object({
  path: z.string().min(1).describe('Dotted config path, e.g. rules.0.when.grade.'),
  value: Json.describe('The new value.'),
});

/** Plain JSON object (re-exported for route files). */
export { Json, JsonObject };
