import { z } from 'zod';
import { GradeLift, Recalibrate } from './calibration-config.js';
import { Enrichment } from './enrichment-config.js';
import { Factor, type ScoreGroup } from './factor-config.js';

/** Common free email providers: a lead writing from one of them has not told us their company. */
// biome-ignore format: a data list reads best packed
const DEFAULT_FREE_EMAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'hotmail.com',
  'hotmail.co.uk', 'hotmail.fr', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com',
  'mac.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com',
  'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', '126.com', 'free.fr', 'orange.fr',
  'laposte.net', 'libero.it', 'fastmail.com', 'hey.com', 'tutanota.com', 'rediffmail.com',
];

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
const Domain = z
  .string()
  .regex(DOMAIN, 'expected a domain such as example.com')
  .describe('A domain, e.g. example.com.');

const groupCap = (group: ScoreGroup, cap: number, verb: string) =>
  z
    .strictObject({
      cap: z
        .number()
        .int()
        .positive()
        .default(cap)
        .describe(`Most points ${group} factors can ${verb}, in total.`),
    })
    .prefault({})
    .describe(`The ${group} group.`);

const GradeThreshold = z
  .strictObject({
    grade: z.string().min(1).max(20).describe('The grade, e.g. A.'),
    min: z.number().describe('Lowest total score for this grade, inclusive.'),
    minFit: z
      .number()
      .optional()
      .describe('Lowest fit score for this grade too, so behaviour alone cannot lift a poor fit into it.'),
  })
  .describe('A grade and the scores it needs.');

const Grades = z
  .strictObject({
    thresholds: z
      .array(GradeThreshold)
      .min(1)
      .default([
        { grade: 'A', min: 80 },
        { grade: 'B', min: 60 },
        { grade: 'C', min: 40 },
      ])
      .describe('Highest grade first; the first threshold the lead meets is its grade.'),
    otherwise: z
      .string()
      .min(1)
      .max(20)
      .default('D')
      .describe('The grade of a lead that meets no threshold.'),
  })
  .prefault({})
  .superRefine((g, ctx) => {
    g.thresholds.forEach((t, i) => {
      const prev = g.thresholds[i - 1];
      if (prev && t.min >= prev.min) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds', i, 'min'],
          message: `expected less than ${prev.min} (highest grade first)`,
        });
      }
    });
    const names = [...g.thresholds.map((t) => t.grade), g.otherwise];
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', message: 'each grade must be named once' });
  })
  .describe('Grades from the total score (A ≥ 80, B ≥ 60, C ≥ 40, else D by default).');

const DomainCheck = (points: number, domains: readonly string[], what: string) =>
  z
    .strictObject({
      points: z.number().max(0).default(points).describe(`Points (zero or negative) for ${what}.`),
      domains: z
        .array(Domain)
        .default([...domains])
        .describe(`Domains of ${what}; subdomains count too.`),
    })
    .prefault({})
    .describe(`A negative factor for ${what}.`);

const share = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);

const GradeDrift = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the grade drift monitor runs.'),
    minDecisions: z
      .number()
      .int()
      .positive()
      .default(50)
      .describe('Fewest scored leads in the window before it judges.'),
    minShareA: share(0.05, 'Warn when fewer than this share of leads get the top grade (0.05 = 5%).'),
    maxShareA: share(0.3, 'Warn when more than this share of leads get the top grade.'),
  })
  .prefault({})
  .refine((m) => m.minShareA <= m.maxShareA, {
    message: 'expected minShareA <= maxShareA',
    path: ['minShareA'],
  })
  .describe('Warns when the share of top-grade (A) leads leaves its band.');

const RaiseAThreshold = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether the proposer runs.'),
    minDecisions: z
      .number()
      .int()
      .positive()
      .default(100)
      .describe('Fewest scored leads in the window before it proposes.'),
    whenShareAAbove: share(0.35, 'Propose when more than this share of scored leads get the top grade.'),
    targetShareA: share(0.2, 'The share of top-grade leads the proposed threshold aims for.'),
  })
  .prefault({})
  .refine((p) => p.targetShareA < p.whenShareAAbove, {
    message: 'expected below whenShareAAbove',
    path: ['targetShareA'],
  })
  .describe('Proposes raising the top-grade threshold when too many leads get it.');

/** The schema of loops/qualify.yaml. */
export const QualifyConfig = z
  .strictObject({
    factors: z
      .array(Factor)
      .min(1)
      .describe('The scoring model: every factor, in the order they are explained.'),
    groups: z
      .strictObject({
        fit: groupCap('fit', 60, 'add'),
        engagement: groupCap('engagement', 60, 'add'),
        negative: groupCap('negative', 100, 'take away'),
      })
      .prefault({})
      .describe('Point caps per group.'),
    total: z
      .strictObject({
        cap: z.number().int().default(100).describe('Highest total score.'),
        floor: z.number().int().default(0).describe('Lowest total score.'),
      })
      .prefault({})
      .refine((t) => t.floor < t.cap, { message: 'expected floor < cap', path: ['floor'] })
      .describe('Cap and floor of the total score.'),
    grades: Grades,
    freeEmail: DomainCheck(-15, DEFAULT_FREE_EMAIL_DOMAINS, 'leads writing from a free email provider'),
    competitors: DomainCheck(-50, [], 'leads from a competitor (email or company domain)'),
    enrichment: Enrichment,
    monitors: z
      .strictObject({ gradeDrift: GradeDrift, gradeLift: GradeLift })
      .prefault({})
      .describe('Level-2 monitors that warn the owner.'),
    proposals: z
      .strictObject({ raiseAThreshold: RaiseAThreshold, recalibrate: Recalibrate })
      .prefault({})
      .describe('Level-3 proposers that suggest config changes with evidence.'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set(['free-email', 'competitor']);
    c.factors.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({
          code: 'custom',
          path: ['factors', i, 'name'],
          message: `factor name ${f.name} is already used`,
        });
      seen.add(f.name);
    });
  })
  .describe('Qualify: scores each new lead with a weighted model, grades it and hands it to routing.');

/** A parsed loops/qualify.yaml. */
export type QualifyConfig = z.infer<typeof QualifyConfig>;
