import { z } from 'zod';
import { ScheduleConfig } from '../../kernel/index.js';
import { BUILT_IN_QUEUES, Pool, Queue } from './pool-config.js';
import { Action, Name, Rule, Segment, type Target, Thresholds, UserId } from './rule-config.js';

const share = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);

const Sla = z
  .strictObject({
    manager: UserId.optional().describe(
      'Who is told of a breach when neither the rule nor the pool names one.',
    ),
    maxEscalations: z
      .number()
      .int()
      .nonnegative()
      .default(2)
      .describe('Reassignments per lead before a breach only notifies (the lead stays with its last owner).'),
    actedFields: z
      .array(z.string().min(1))
      .default(['firstTouchAt'])
      .describe(
        'Lead fields that, once set (e.g. by the CRM sync), mean the assignee acted; closing the task counts too.',
      ),
    channel: z.string().min(1).default('in-app').describe('The channel breach notices go to.'),
  })
  .prefault({})
  .describe('How SLA breaches are found and escalated (each rule sets its own minutes).');

const Waiting = z
  .strictObject({
    retry: z
      .boolean()
      .default(true)
      .describe('Whether the scheduled check retries leads waiting for a free member, oldest first.'),
    maxPerTick: z.number().int().positive().default(100).describe('Most waiting leads retried per check.'),
  })
  .prefault({})
  .describe('Leads no member could take (everyone away, full or off hours).');

const Agent = z
  .strictObject({
    thresholds: Thresholds.default({ autoAccept: 0.8, review: 0.5 }),
  })
  .prefault({})
  .describe('Agent steps (ambiguous account matches, agent rules): where their answers go by confidence.');

const Accounts = z
  .strictObject({
    match: z
      .boolean()
      .default(true)
      .describe(
        "Match each lead to an account by domain (and its parent domain); the match is the lead's `account`.",
      ),
  })
  .prefault({})
  .describe('Lead-to-account matching. Several accounts on one domain go to an agent that ranks them.');

const Notifications = z
  .strictObject({
    assignee: z
      .boolean()
      .default(false)
      .describe('Also notify the assignee (the task is always created). Off by default: no surprise emails.'),
    channel: z.string().min(1).default('in-app').describe('The channel assignment notices go to.'),
  })
  .prefault({})
  .describe('Notices to assignees.');

const PoolImbalance = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the monitor runs.'),
    minAssignments: z
      .number()
      .int()
      .positive()
      .default(40)
      .describe('Fewest assignments from a pool in the window before it judges.'),
    maxDeviation: share(
      0.25,
      'Warn when a member’s share is off its target share by more than this fraction of it.',
    ),
  })
  .prefault({})
  .describe('Warns when a pool hands out leads unevenly (against equal shares or weights).');

const SlaBreaches = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the monitor runs.'),
    minAssignments: z.number().int().positive().default(20).describe('Fewest assignments before it judges.'),
    maxShare: share(0.15, 'Warn when more than this share of assignments breach their SLA.'),
  })
  .prefault({})
  .describe('Warns when too many assignments breach their SLA.');

const RaiseDailyCap = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the proposer runs.'),
    minWaiting: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe('Leads that waited because every member hit the cap, before it proposes.'),
  })
  .prefault({})
  .describe("Proposes raising a pool's capPerDay when leads keep waiting on it.");

const RouteFields = z.strictObject({
  segments: z
    .array(Segment)
    .default([])
    .describe('Segments, in order; the first that matches is the lead’s `segment` (unless it has one).'),
  rules: z.array(Rule).min(1).describe('The rules, highest priority first; the first that matches fires.'),
  otherwise: Action.default({ type: 'queue', queue: 'triage' }).describe(
    'What happens when no rule matches (default: the triage queue).',
  ),
  pools: z.record(Name, Pool).default({}).describe('Pools of reps, by name.'),
  queues: z
    .record(Name, Queue)
    .default({})
    .describe('Queues by name (review and triage always exist; list them here to set an assignee).'),
  keepExistingOwner: z
    .boolean()
    .default(true)
    .describe('A lead that already has an owner (set by a person, or routed before) keeps it.'),
  defaultTimezone: z
    .string()
    .min(1)
    .default('UTC')
    .describe('Time zone of users whose record has none (for working hours, days and caps).'),
  accounts: Accounts,
  agent: Agent,
  sla: Sla,
  waiting: Waiting,
  notifications: Notifications,
  schedule: ScheduleConfig.default({ cron: '*/5 * * * *', timezone: 'UTC', catchUp: 'latest' }).describe(
    'When the SLA and waiting-lead check runs (every five minutes by default).',
  ),
  monitors: z
    .strictObject({ poolImbalance: PoolImbalance, slaBreaches: SlaBreaches })
    .prefault({})
    .describe('Level-2 monitors that warn the owner.'),
  proposals: z
    .strictObject({ raiseDailyCap: RaiseDailyCap })
    .prefault({})
    .describe('Level-3 proposers that suggest config changes with evidence.'),
});

type Fields = z.infer<typeof RouteFields>;
type Path = (string | number)[];

/** The cross-reference checks: every pool and queue a rule names exists, pools are well formed. */
function checkReferences(c: Fields, ctx: z.RefinementCtx): void {
  const fail = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const queues = new Set<string>([...BUILT_IN_QUEUES, ...Object.keys(c.queues)]);
  const pools = Object.keys(c.pools);
  const list = (names: readonly string[]) => names.join(', ') || 'none';
  const pool = (name: string, path: Path) => {
    if (!Object.hasOwn(c.pools, name)) fail(path, `no pool named ${name} (pools: ${list(pools)})`);
  };
  const queue = (name: string, path: Path) => {
    if (!queues.has(name)) fail(path, `no queue named ${name} (queues: ${list([...queues])})`);
  };
  const target = (t: Target, path: Path) => {
    if (t.pool !== undefined) pool(t.pool, [...path, 'pool']);
    if (t.queue !== undefined) queue(t.queue, [...path, 'queue']);
  };
  const action = (a: Action, path: Path) => {
    if (a.type === 'pool') pool(a.pool, [...path, 'pool']);
    if (a.type === 'queue') queue(a.queue, [...path, 'queue']);
    if (a.type === 'agent')
      for (const [label, t] of Object.entries(a.options)) target(t, [...path, 'options', label]);
  };
  const seen = new Map<string, number>();
  c.rules.forEach((r, i) => {
    const first = seen.get(r.name);
    if (first !== undefined)
      fail(['rules', i, 'name'], `rule name ${r.name} is already used by rule ${first + 1}`);
    seen.set(r.name, i);
    action(r.action, ['rules', i, 'action']);
    if (r.sla?.pool !== undefined) pool(r.sla.pool, ['rules', i, 'sla', 'pool']);
    if (r.sla?.onBreach === 'reassign' && r.sla.pool === undefined && r.action.type !== 'pool')
      fail(
        ['rules', i, 'sla', 'pool'],
        `onBreach reassign needs a pool to reassign from: the rule assigns by ${r.action.type}, so name sla.pool (or use onBreach: notify)`,
      );
  });
  action(c.otherwise, ['otherwise']);
  const segments = new Set<string>();
  c.segments.forEach((s, i) => {
    if (segments.has(s.name)) fail(['segments', i, 'name'], `segment ${s.name} is listed twice`);
    segments.add(s.name);
  });
  for (const [name, p] of Object.entries(c.pools)) checkPool(name, p, c, fail);
}

function checkPool(name: string, p: Pool, c: Fields, fail: (path: Path, message: string) => void): void {
  const at = (...rest: Path): Path => ['pools', name, ...rest];
  const members = new Set<string>();
  p.members.forEach((m, i) => {
    if (members.has(m)) fail(at('members', i), `${m} is listed twice`);
    members.add(m);
  });
  if (p.strategy === 'weighted') {
    const missing = p.members.filter((m) => p.weights?.[m] === undefined);
    if (missing.length > 0)
      fail(
        at('weights'),
        `a weighted pool needs a weight for every member; missing: ${[...new Set(missing)].join(', ')}`,
      );
  }
  for (const key of ['weights', 'caps'] as const)
    for (const user of Object.keys(p[key] ?? {}))
      if (!members.has(user)) fail(at(key, user), `${user} is not a member of pool ${name}`);
  const o = p.overflow;
  if (o.type === 'pool') {
    if (o.pool === name) fail(at('overflow', 'pool'), 'a pool cannot overflow into itself');
    else if (!Object.hasOwn(c.pools, o.pool))
      fail(at('overflow', 'pool'), `no pool named ${o.pool} (pools: ${Object.keys(c.pools).join(', ')})`);
  }
  if (
    o.type === 'queue' &&
    !BUILT_IN_QUEUES.includes(o.queue as 'review') &&
    !Object.hasOwn(c.queues, o.queue)
  )
    fail(at('overflow', 'queue'), `no queue named ${o.queue}`);
}

/** The schema of loops/route.yaml. */
export const RouteConfig = RouteFields.superRefine(checkReferences).describe(
  'Route: walks priority-ordered rules (first match fires) and assigns each qualified lead to a user, pool, account owner, territory owner or queue; SLAs escalate.',
);

/** A parsed loops/route.yaml. */
export type RouteConfig = z.infer<typeof RouteConfig>;
