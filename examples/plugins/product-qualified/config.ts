import { z } from 'zod';

const Name = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]*$/, 'expected a lower-case name of letters, digits, dots, dashes or underscores')
  .max(80);

/** Points for recent use of one feature: each use earns `points`, decayed by age, up to `maxPoints`. */
const FeatureWeight = z
  .strictObject({
    feature: Name.describe('The feature, as usage events name it, e.g. forecast_created.'),
    points: z.number().positive().describe('Points per recent use (before recency decay).'),
    maxPoints: z.number().positive().describe('The most this feature can add to the score.'),
  })
  .describe('A feature whose recent use counts toward the score.');

/** An activation milestone: reached once the account has used `feature` at least `atLeast` times in all. */
const Milestone = z
  .strictObject({
    name: Name.describe('The milestone, e.g. connected-crm. Shown in the trace and the reasons.'),
    feature: Name.describe('The feature whose total uses reach it.'),
    atLeast: z.number().int().positive().default(1).describe('Total uses (never decayed) needed.'),
    points: z.number().positive().describe('Points while reached (milestones do not decay).'),
  })
  .describe('An activation milestone of a self-serve account.');

/** One grade and the lowest score that earns it; the first grade whose min the score reaches applies. */
const Grade = z
  .strictObject({
    grade: z.string().min(1).max(8).describe('The grade handed to route, e.g. A.'),
    min: z.number().min(0).describe('Lowest score that earns it.'),
  })
  .describe('A grade band.');

const FREE_MAIL = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
];

/** The product-qualified loop's YAML (loops/product-qualified.yaml). */
export const PqlConfig = z
  .strictObject({
    accounts: z
      .strictObject({
        groupBy: z
          .enum(['domain', 'workspace'])
          .default('domain')
          .describe(
            'What one account is: every product workspace of a company domain (domain), or each workspace alone (workspace).',
          ),
        freeMailDomains: z
          .array(z.string().min(3))
          .default(FREE_MAIL)
          .describe('Email domains that say nothing of the company: such signups are grouped by workspace.'),
      })
      .default({ groupBy: 'domain', freeMailDomains: FREE_MAIL })
      .describe('How usage events group into accounts.'),
    features: z.array(FeatureWeight).min(1).describe('Features whose recent use earns points.'),
    milestones: z.array(Milestone).default([]).describe('Activation milestones and their points.'),
    activeUsers: z
      .strictObject({
        pointsPerUser: z.number().min(0).describe('Points per active user.'),
        maxPoints: z.number().min(0).describe('The most active users can add.'),
        windowDays: z
          .number()
          .int()
          .positive()
          .default(14)
          .describe('A user is active when seen within this many days of the account’s latest event.'),
      })
      .describe('Breadth of adoption: distinct active users of the account.'),
    plans: z
      .record(z.string().min(1), z.number())
      .default({})
      .describe('Points by product plan of the latest event, e.g. { free: 0, trial: 5, team: 10 }.'),
    recency: z
      .strictObject({
        halfLifeDays: z
          .number()
          .positive()
          .describe('A use counts half as much after this many days (relative to the latest event).'),
      })
      .describe('Recency decay of feature use.'),
    maxScore: z.number().positive().default(100).describe('The score is capped here.'),
    threshold: z.number().min(0).describe('An account at or above this score is a product-qualified lead.'),
    rearmBelow: z
      .number()
      .min(0)
      .describe(
        'After a handoff the account is not handed off again until its score drops below this, then re-crosses the threshold.',
      ),
    grades: z.array(Grade).min(1).describe('Grade bands, highest min first; the handoff carries the grade.'),
    lead: z
      .strictObject({
        source: z.string().min(1).default('product').describe('The lead source route sees, e.g. product.'),
        regions: z
          .record(z.string().min(2), z.string().min(1))
          .default({})
          .describe('Sales region by country code, for events that carry a country but no region.'),
      })
      .default({ source: 'product', regions: {} })
      .describe('How the lead handed to route is described.'),
    monitors: z
      .strictObject({
        conversion: z
          .strictObject({
            enabled: z.boolean().default(true).describe('Whether the monitor runs.'),
            minPqls: z
              .number()
              .int()
              .positive()
              .default(20)
              .describe('Fewest PQLs in the window before conversion is judged.'),
            minRate: z
              .number()
              .min(0)
              .max(1)
              .default(0.1)
              .describe('Warn when fewer than this share of PQLs converted.'),
          })
          .default({ enabled: true, minPqls: 20, minRate: 0.1 })
          .describe('PQL conversion monitor.'),
      })
      .default({ conversion: { enabled: true, minPqls: 20, minRate: 0.1 } })
      .describe('Feedback on the threshold.'),
  })
  .superRefine((c, ctx) => {
    if (c.rearmBelow > c.threshold)
      ctx.addIssue({
        code: 'custom',
        path: ['rearmBelow'],
        message: `expected at most the threshold (${c.threshold}): an account must drop below it before it can re-cross`,
      });
    if (c.threshold > c.maxScore)
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `expected at most maxScore (${c.maxScore}), or no account could ever qualify`,
      });
    const seen = new Set<string>();
    c.features.forEach((f, i) => {
      if (seen.has(f.feature))
        ctx.addIssue({
          code: 'custom',
          path: ['features', i, 'feature'],
          message: `${f.feature} is listed twice`,
        });
      seen.add(f.feature);
    });
    const names = new Set<string>();
    c.milestones.forEach((m, i) => {
      if (names.has(m.name))
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i, 'name'],
          message: `${m.name} is named twice`,
        });
      names.add(m.name);
    });
    c.grades.forEach((g, i) => {
      const before = c.grades[i - 1];
      if (before && g.min >= before.min)
        ctx.addIssue({
          code: 'custom',
          path: ['grades', i, 'min'],
          message: `expected below ${before.min} (grade ${before.grade}): grades go from the highest min down`,
        });
    });
    const lowest = c.grades.at(-1);
    if (lowest && lowest.min > c.threshold)
      ctx.addIssue({
        code: 'custom',
        path: ['grades', c.grades.length - 1, 'min'],
        message: `expected at most the threshold (${c.threshold}), so every PQL gets a grade`,
      });
  })
  .describe(
    'Product-qualified leads: usage of the self-serve product scored into a PQL and handed to route.',
  );

/** A parsed product-qualified config. */
export type PqlConfig = z.infer<typeof PqlConfig>;
