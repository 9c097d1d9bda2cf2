import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { sinceInstant } from '../cli/commands/route.js';
import { metricsReport } from '../feedback/index.js';
import type { ServerContext } from '../server/context.js';
import { errorReply } from '../server/errors.js';
import type { Principal } from '../server/principal.js';
import { explainDecision, leadChain } from '../server/services/decisions.js';
import { proposeConfigChange } from '../server/services/proposals.js';
import { actOnItem, listItems } from '../server/services/review.js';
import { compareScenarios, runScenario } from '../server/services/scenarios.js';
import { simulate } from '../server/services/simulate.js';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

const Change = z.object({
  path: z.string().min(1).describe('Dotted config path.'),
  value: z.unknown().describe('New value.'),
});

/** Runs a tool body; its value becomes JSON text, a failure the same error body the HTTP API answers. */
async function answer(fn: () => Promise<unknown>): Promise<ToolResult> {
  try {
    const value = await fn();
    return {
      content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }],
    };
  } catch (err) {
    return { isError: true, content: [{ type: 'text', text: JSON.stringify(errorReply(err).body) }] };
  }
}

/** The MCP tools: loop capabilities an agent may use, acting as the token's user. */
export function registerTools(server: McpServer, ctx: ServerContext, p: Principal): void {
  server.registerTool(
    'explain_decision',
    {
      description:
        'Why a decision came out as it did: rules tried, factors, agent calls, effects, its chain.',
      inputSchema: { decisionId: z.string().min(1).describe('The decision id, e.g. dec_01J...') },
    },
    ({ decisionId }) => answer(async () => (await explainDecision(ctx, decisionId)).text),
  );
  server.registerTool(
    'lead_chain',
    {
      description: "A lead's decisions across loops (qualify, route, engage, reviews), in order.",
      inputSchema: { leadId: z.string().min(1).describe('The lead id (subject lead:<id>).') },
    },
    ({ leadId }) =>
      answer(async () =>
        (await leadChain(ctx, leadId)).map((d) => ({
          id: d.id,
          loop: d.loop,
          mode: d.mode,
          eventType: d.eventType,
          output: d.output,
          reasons: d.reasons,
          confidence: d.confidence,
          createdAt: d.createdAt,
        })),
      ),
  );
  server.registerTool(
    'simulate_route',
    {
      description:
        'Simulate a change to the route loop against its recent decisions, writing nothing: outcomes per rule, rep and queue before and after, changed leads, pool fairness. Give exactly one of yaml, changes, proposal.',
      inputSchema: {
        changes: z.array(Change).optional().describe('Config fields to set on the active route config.'),
        yaml: z.string().optional().describe('A whole proposed loops/route.yaml.'),
        proposal: z.string().optional().describe('An open proposal id.'),
        since: z
          .string()
          .default('30d')
          .describe('The window of decisions to replay: 30d, 24h, or an instant.'),
      },
    },
    (a) => answer(() => simulate(ctx, { loop: 'route', ...a, show: 20 })),
  );
  server.registerTool(
    'list_review_items',
    {
      description: 'Review items this agent may act on (its user, team and role), oldest first.',
      inputSchema: {
        status: z.enum(['open', 'approved', 'rejected', 'all']).default('open'),
        queue: z.string().optional(),
        loop: z.string().optional(),
        limit: z.number().int().min(1).max(200).default(50),
      },
    },
    (q) => answer(() => listItems(ctx, p, q)),
  );
  server.registerTool(
    'act_on_review_item',
    {
      description:
        "Approve, edit (set fields of the proposed action, then approve), reject (reason required) or reassign a review item, as the token's user.",
      inputSchema: {
        itemId: z.string().min(1),
        action: z.enum(['approve', 'edit', 'reject', 'reassign']),
        reason: z.string().optional(),
        set: z.array(Change).optional().describe('For edit: fields of the proposed action to change.'),
        to: z.string().optional().describe('For reassign: a user id, team:<id> or role:<name>.'),
      },
    },
    (a) =>
      answer(async () => {
        const r = await actOnItem(
          ctx,
          p,
          a.itemId,
          a.action === 'reject'
            ? { action: 'reject', reason: a.reason ?? '' }
            : a.action === 'reassign'
              ? { action: 'reassign', to: a.to ?? '', reason: a.reason }
              : a.action === 'edit'
                ? { action: 'edit', set: a.set, reason: a.reason }
                : { action: 'approve', reason: a.reason },
        );
        return { decisionId: r.decision.id, item: r.item, grant: r.grant };
      }),
  );
  server.registerTool(
    'propose_config_change',
    {
      description:
        "Propose a change to a loop's config: it gets a YAML diff, a backtest over recent decisions and rollback criteria, and waits for the loop's owner.",
      inputSchema: {
        loop: z.string().min(1),
        title: z.string().min(1),
        changes: z.array(Change).min(1),
        reason: z.string().optional(),
        window: z.string().default('7d'),
      },
    },
    (a) => answer(() => proposeConfigChange(ctx, p, a)),
  );
  server.registerTool(
    'run_scenario_model',
    {
      description:
        'Run a modeling loop (capacity, quotas...) on a scenario and return its artifact; with compareWith, also the newest artifact of another scenario side by side with deltas.',
      inputSchema: {
        loop: z.string().min(1),
        scenario: z.string().min(1),
        compareWith: z.string().optional(),
      },
    },
    (a) =>
      answer(async () => {
        const run = await runScenario(ctx, a.loop, a.scenario);
        return a.compareWith
          ? { run, comparison: await compareScenarios(ctx, a.loop, a.compareWith, a.scenario) }
          : { run };
      }),
  );
  server.registerTool(
    'loop_metrics',
    {
      description:
        "A loop's metrics over a window: volume, latency p50/p95, outcome mix, review approval and edit rates.",
      inputSchema: { loop: z.string().min(1), since: z.string().default('7d') },
    },
    (a) =>
      answer(async () =>
        metricsReport(ctx.engine, a.loop, { since: sinceInstant(a.since, ctx.clock()), now: ctx.clock() }),
      ),
  );
}
