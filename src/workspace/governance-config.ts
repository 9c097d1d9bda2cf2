import { z } from 'zod';

const LoopName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'expected a kebab-case loop name')
  .describe('A loop name, e.g. qualify.');

/** Who may act on a review item or a loop's proposals: a user id, `team:<id>` or `role:<name>`. */
const Assignee = z
  .string()
  .regex(
    /^((user|team|role):)?[A-Za-z0-9][A-Za-z0-9._@-]*$/,
    'expected a user id (u-jon), team:<id> or role:<name>',
  )
  .describe('A user id (u-jon, or user:u-jon), a team (team:na-sales) or a role (role:manager).');

const SPAN = /^(\d+)([mhdw])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A span of time written as 90m, 24h, 7d or 2w. */
const Span = z.string().regex(SPAN, 'expected a span such as 90m, 24h, 7d or 2w');

/** Milliseconds in a span such as 90m, 24h, 7d or 2w; undefined when it is not one. */
export function spanMs(span: string): number | undefined {
  const m = SPAN.exec(span.trim());
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] as number) : undefined;
}

const EscalationLevel = z
  .strictObject({
    afterHours: z
      .number()
      .min(0)
      .default(0)
      .describe('Hours past the due time before this level fires (0: as soon as the SLA is missed).'),
    to: Assignee.describe('Who is told: a user id, team:<id> or role:<name>.'),
    reassign: z
      .boolean()
      .default(false)
      .describe('Also make them the assignee, so the item is theirs to act on.'),
    channel: z
      .string()
      .min(1)
      .default('escalation')
      .describe('The notification channel (see channels.routes); escalation goes to the in-app inbox.'),
  })
  .describe('One level of escalation of an overdue review item.');

const QueueConfig = z
  .strictObject({
    description: z.string().optional().describe('What the queue is for, for the people who work it.'),
    assignee: Assignee.optional().describe('Who gets an item that names no assignee.'),
    slaHours: z
      .number()
      .positive()
      .optional()
      .describe('Hours from creation until an item is due, for items that set no SLA of their own.'),
    escalation: z
      .array(EscalationLevel)
      .default([])
      .describe('What happens to an overdue item, level by level (each fires once).'),
  })
  .describe('A review queue: default assignee, SLA and escalation.');

const Owner = z
  .strictObject({
    owner: Assignee.describe(
      "Who owns the loop: alerted when its monitors fire; may accept, reject and roll back the loop's proposals.",
    ),
    channel: z
      .string()
      .min(1)
      .default('inApp')
      .describe('The channel alerts go through: inApp, email, slack, or a name routed in channels.routes.'),
  })
  .describe("A loop's owner and where to alert them.");

const AutonomyRule = z
  .strictObject({
    kind: z
      .string()
      .min(1)
      .describe('The proposal kind: the feedback that makes it, e.g. raise-a-threshold.'),
    loop: LoopName.optional().describe('Only proposals of this loop (default: any loop).'),
    minApproved: z
      .number()
      .int()
      .min(1)
      .describe('People must have accepted at least this many proposals of the kind before it is automatic.'),
    minRate: z
      .number()
      .min(0)
      .max(1)
      .describe('…and accepted at least this share of those they decided: accepted / (accepted + rejected).'),
    requireBacktest: z
      .boolean()
      .default(true)
      .describe('Only when the backtest re-ran at least one decision and none failed.'),
  })
  .describe(
    'Earned autonomy: proposals of a kind accept themselves once people have trusted enough of them.',
  );

const FeedbackSettings = z
  .strictObject({
    window: Span.default('7d').describe('The metric window monitors read, back from now: 90m, 24h, 7d, 2w.'),
    every: Span.default('1h').describe('How often workers run the monitors (once across all workers).'),
    quietHours: z
      .number()
      .min(0)
      .default(24)
      .describe(
        'A finding already alerted within this many hours (same loop, feedback and severity) is not sent again.',
      ),
    backtestLimit: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe('The most recent decisions a backtest re-runs under the proposed config.'),
    rollbackTolerance: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe(
        'Width of a derived rollback band either side of the backtested value (shares and rates: absolute; means: relative).',
      ),
    rollbackMinDecisions: z
      .number()
      .int()
      .min(1)
      .default(50)
      .describe('Fewest decisions with the new config before a derived rollback band is judged.'),
    autoRollback: z
      .boolean()
      .default(false)
      .describe(
        'Roll an accepted proposal back by itself when its rollback criteria are breached (otherwise the owner is alerted).',
      ),
  })
  .describe('How monitors, proposals and backtests run.');

/** The `governance` block of revloops.yaml: review queues, loop owners, feedback and earned autonomy. */
export const GovernanceConfig = z
  .strictObject({
    adminRoles: z
      .array(z.string().min(1))
      .default(['admin', 'ops'])
      .describe('Roles that may act on any review item and any proposal.'),
    owners: z
      .record(LoopName, Owner)
      .default({})
      .describe('Per loop: who owns it (alerts, proposals). Without one, alerts go to the first admin role.'),
    queues: z
      .record(z.string().min(1), QueueConfig)
      .default({})
      .describe('Per review queue (as loops name them, e.g. enrichment, triage): assignee, SLA, escalation.'),
    feedback: FeedbackSettings.prefault({}),
    autonomy: z
      .array(AutonomyRule)
      .default([])
      .describe('Proposal kinds that may accept themselves once people have approved enough of them.'),
    git: z
      .strictObject({
        commit: z
          .boolean()
          .default(true)
          .describe(
            'Commit an accepted or rolled-back config change when the workspace is in a git repository.',
          ),
      })
      .prefault({})
      .describe('How config changes are recorded in git.'),
  })
  .describe('Governance: review queues, loop owners, monitors and proposals, earned autonomy.');

/** A parsed `governance` block. */
export type GovernanceConfig = z.infer<typeof GovernanceConfig>;

/** The governance settings of a workspace config: its block, or the defaults. */
export function governanceOf(config: { governance?: GovernanceConfig | undefined }): GovernanceConfig {
  return config.governance ?? GovernanceConfig.parse({});
}
