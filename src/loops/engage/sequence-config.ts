import { z } from 'zod';
import { CRITERIA } from './rubric-config.js';

const alternatives = (what: string) =>
  z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .describe(
      `${what}: one template or several, most specific first; the first whose {{facts}} are all known is used ({{fact?}} may stay empty).`,
    );

const Line = z
  .strictObject({
    role: z
      .string()
      .regex(/^[a-z][a-z-]*$/, 'expected a role such as opener')
      .describe(
        'What the line does (greeting, opener, value, proof, cta, signoff); edits are counted per role.',
      ),
    criterion: z
      .enum(CRITERIA)
      .describe('The rubric criterion the line serves; a rep edit of it counts against it.'),
    text: alternatives('The line'),
    optional: z
      .boolean()
      .default(false)
      .describe(
        'Left out when none of its templates has its facts, or when a revision must shorten the email.',
      ),
  })
  .describe('One paragraph of an email.');

/** The template of one email of a sequence. */
const Step = z
  .strictObject({
    subject: alternatives('The subject line'),
    lines: z.array(Line).min(2).describe('The paragraphs, in order.'),
  })
  .describe('One email: subject and paragraphs.');

/** A parsed step template. */
export type StepTemplate = z.infer<typeof Step>;

/** The email templates, filled from research facts by the composer. */
export const SequenceTemplates = z
  .strictObject({
    steps: z
      .array(Step)
      .min(3, 'a sequence has 3 to 5 emails')
      .max(5, 'a sequence has 3 to 5 emails')
      .describe('Up to five email templates; a segment sends the first `steps` of them.'),
  })
  .describe(
    'The sequence templates. Facts: lead.*, company.*, account.*, signal.*, persona.*, valueProp.*, owner.*.',
  );

const ValueProp = z
  .strictObject({
    name: z.string().min(1).describe('Short name, e.g. forecast-accuracy.'),
    text: z.string().min(1).describe('The value prop as a phrase the templates insert ({{valueProp.text}}).'),
    proof: z.string().min(1).optional().describe('A customer result that backs it ({{valueProp.proof}}).'),
    keywords: z
      .array(z.string().min(2))
      .min(1)
      .describe('Words that show an email speaks to this value prop (the relevance check reads them).'),
  })
  .describe('One value prop of a segment.');

/** A parsed value prop. */
export type ValueProp = z.infer<typeof ValueProp>;

/** Who a segment writes to and what it offers. */
export const Segment = z
  .strictObject({
    persona: z
      .string()
      .min(1)
      .describe('Who the emails speak to, e.g. "revenue operations leader" ({{persona.name}}).'),
    pain: z.string().min(1).describe('The problem the persona has ({{persona.pain}}).'),
    valueProps: z.array(ValueProp).min(1).describe('Value props, one per email in turn.'),
    steps: z.number().int().min(3).max(5).default(3).describe('How many emails the sequence has (3 to 5).'),
    waitDays: z
      .array(z.number().int().min(1).max(30))
      .default([3, 4, 5, 7])
      .describe('Days between one email and the next (working days when weekends are skipped).'),
  })
  .refine((s) => s.waitDays.length >= s.steps - 1, {
    message: 'expected a waitDays entry for every email after the first',
    path: ['waitDays'],
  })
  .describe('A segment: persona, value props, and the count and spacing of its emails.');

/** A parsed segment. */
export type Segment = z.infer<typeof Segment>;
