import { z } from 'zod';
import { conditionSchema } from '../kernel/index.js';

/** What a CEL expression in a scenario may name: `account` is the account being placed. */
export const SCENARIO_CEL = { account: '' } as const;

const When = conditionSchema({ celVariables: SCENARIO_CEL });
const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, dots, dashes or underscores')
  .max(100);
const Day = z.iso.date().describe('A date, YYYY-MM-DD.');
const Money = z.number().nonnegative();

const Segment = z
  .strictObject({
    name: Id.describe('The segment, e.g. enterprise.'),
    when: When.describe('Accounts in the segment (the first segment that matches wins).'),
  })
  .describe('An ICP segment.');

const Role = z
  .strictObject({
    capacity: Money.describe('Annual new ACV one fully ramped person in the role can close.'),
    ramp: z
      .array(z.number().min(0).max(1))
      .default([])
      .describe('Share of capacity in each month after the start date (e.g. [0.25, 0.5, 0.75]); 1 after.'),
    maxAccounts: z.number().int().positive().optional().describe('Most accounts one person can work.'),
    carriesQuota: z
      .boolean()
      .default(true)
      .describe('Whether the role owns accounts and counts as capacity.'),
  })
  .describe('A role: capacity, ramp profile and account load.');

const Person = z
  .strictObject({
    id: Id.describe('The user id (an existing user, or a planned hire such as hire-emea-1).'),
    name: z.string().optional().describe('Display name (for planned hires).'),
    role: Id.describe('A role named under roles.'),
    territory: Id.optional().describe('The territory the person works; default: their manager’s.'),
    manager: Id.optional().describe('Who they report to; the team follows the manager’s territory.'),
    segment: Id.optional().describe(
      'The segment the person is counted against (default: the territory’s first).',
    ),
    start: Day.optional().describe('Start date (planned hires, or a recent start still ramping).'),
    planned: z.boolean().default(false).describe('A planned hire: no user exists yet.'),
  })
  .describe('One person on the roster.');

const Territory = z
  .strictObject({
    id: Id.describe('The territory id.'),
    name: z.string().min(1).describe('Its name.'),
    parent: Id.optional().describe('The parent territory.'),
    owner: Id.optional().describe('The person who owns it (a manager); covers open seats below.'),
    countries: z.array(z.string().min(2)).optional().describe('Account countries it covers (ISO codes).'),
    segments: z.array(Id).optional().describe('Segments it covers.'),
    industries: z.array(z.string().min(1)).optional().describe('Industries it covers.'),
    accounts: z
      .array(z.string().min(1))
      .default([])
      .describe('Named accounts (ids or domains), placed here first.'),
    target: Money.optional().describe('Annual new ACV target.'),
  })
  .describe('A territory: by geography, segment, industry or named accounts.');

const ScenarioFields = z.strictObject({
  name: Id.optional().describe('The scenario name (the folder name by default).'),
  description: z.string().optional().describe('What the scenario is.'),
  inherits: Id.optional().describe('A scenario this one starts from; fields here override it.'),
  effective: Day.describe('When assignments take effect (the start of the plan year).'),
  icp: z
    .strictObject({
      description: z.string().optional().describe('The ideal customer, in words.'),
      segments: z.array(Segment).min(1).describe('Segments in order; the first that matches wins.'),
    })
    .describe('ICP and segments.'),
  investment: z
    .record(Id, z.record(Id, z.number().int().nonnegative()))
    .default({})
    .describe('Headcount by role and segment, e.g. { ae: { enterprise: 3 } }.'),
  roles: z.record(Id, Role).describe('Roles by name.'),
  roster: z.array(Person).describe('Real people and planned hires.'),
  territories: z.array(Territory).min(1).describe('Territories; parents before or after children.'),
  targets: z
    .strictObject({ segments: z.record(Id, Money).default({}).describe('Annual target per segment.') })
    .prefault({})
    .describe('Top-down targets; territory targets sit on each territory.'),
  comp: z
    .record(Id, z.strictObject({ ote: Money, variableShare: z.number().min(0).max(1) }))
    .default({})
    .describe('Comp plan parameters per role: on-target earnings and the variable share.'),
  exclude: z
    .strictObject({
      accounts: z.array(z.string().min(1)).default([]).describe('Account ids never reassigned.'),
      when: When.optional().describe('Accounts matching this are left as they are.'),
    })
    .prefault({})
    .describe('Accounts excluded from assignment runs.'),
});

/** A scenario: the plan one year of the revenue organisation runs against. */
export const Scenario = ScenarioFields.superRefine(checkScenario).describe('A planning scenario.');

/** A parsed scenario. */
export type Scenario = z.infer<typeof Scenario>;

type Fields = z.infer<typeof ScenarioFields>;

/** The chain of parents from `id` back to itself, or null when `id` is not its own ancestor. */
function parentCycle(id: string, parentOf: ReadonlyMap<string, string | undefined>): string[] | null {
  const chain = [id];
  const seen = new Set(chain);
  for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
    chain.push(at);
    if (at === id) return chain;
    if (seen.has(at)) return null; // a cycle above, reported on its own territories
    seen.add(at);
  }
  return null;
}

function checkScenario(s: Fields, ctx: z.RefinementCtx): void {
  const fail = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const ids = new Set(s.territories.map((t) => t.id));
  const people = new Set(s.roster.map((p) => p.id));
  const segments = new Set(s.icp.segments.map((g) => g.name));
  const named = new Map<string, string>();
  const first = new Map<string, number>();
  s.territories.forEach((t, i) => {
    const seen = first.get(t.id);
    if (seen !== undefined)
      fail(['territories', i, 'id'], `territory ${t.id} is already territories.${seen}`);
    else first.set(t.id, i);
  });
  const parentOf = new Map(s.territories.map((t) => [t.id, t.parent]));
  s.territories.forEach((t, i) => {
    if (t.parent !== undefined && !ids.has(t.parent))
      fail(['territories', i, 'parent'], `no territory ${t.parent}`);
    const cycle = parentCycle(t.id, parentOf);
    if (cycle)
      fail(['territories', i, 'parent'], `territory ${t.id} is its own ancestor (${cycle.join(' → ')})`);
    if (t.owner !== undefined && !people.has(t.owner))
      fail(['territories', i, 'owner'], `${t.owner} is not on the roster`);
    t.segments?.forEach((g, j) => {
      if (!segments.has(g)) fail(['territories', i, 'segments', j], `no segment ${g} under icp.segments`);
    });
    t.accounts.forEach((a, j) => {
      const other = named.get(a.toLowerCase());
      if (other) fail(['territories', i, 'accounts', j], `${a} is already named by territory ${other}`);
      named.set(a.toLowerCase(), t.id);
    });
  });
  s.roster.forEach((p, i) => {
    if (!Object.hasOwn(s.roles, p.role)) fail(['roster', i, 'role'], `no role ${p.role} under roles`);
    if (p.territory !== undefined && !ids.has(p.territory))
      fail(['roster', i, 'territory'], `no territory ${p.territory}`);
    if (p.manager !== undefined && !people.has(p.manager))
      fail(['roster', i, 'manager'], `${p.manager} is not on the roster`);
    if (p.planned && p.start === undefined) fail(['roster', i, 'start'], 'a planned hire needs a start date');
  });
  const seen = new Set<string>();
  s.roster.forEach((p, i) => {
    if (seen.has(p.id)) fail(['roster', i, 'id'], `${p.id} is listed twice`);
    seen.add(p.id);
  });
  for (const [role, bySegment] of Object.entries(s.investment)) {
    if (!Object.hasOwn(s.roles, role)) fail(['investment', role], `no role ${role} under roles`);
    for (const g of Object.keys(bySegment))
      if (!segments.has(g)) fail(['investment', role, g], `no segment ${g} under icp.segments`);
  }
}
