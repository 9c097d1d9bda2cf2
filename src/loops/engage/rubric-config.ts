import { z } from 'zod';

/** The seven criteria every drafted sequence is scored on. */
export const CRITERIA = [
  'relevance',
  'personalization',
  'specificity',
  'callToAction',
  'tone',
  'length',
  'formatting',
] as const;

/** One rubric criterion. */
export type Criterion = (typeof CRITERIA)[number];

const threshold = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);

const Thresholds = z
  .strictObject({
    relevance: threshold(0.7, 'Share of emails tied to a value prop, the first also to the "why now".'),
    personalization: threshold(0.75, 'Share of personal checks met (name, company, a researched fact).'),
    specificity: threshold(0.7, 'Share of emails with a concrete detail, less vague phrases.'),
    callToAction: threshold(0.8, 'Share of emails that end on exactly one clear ask.'),
    tone: threshold(0.75, 'One, less a quarter per banned phrase, shouting or excess exclamation.'),
    length: threshold(0.8, 'Share of emails within the word and subject limits.'),
    formatting: threshold(0.8, 'Share of format checks met (greeting, sign-off, short lines, no leftovers).'),
  })
  .prefault({})
  .describe('The score (0 to 1) each criterion must reach.');

/** The rubric block: thresholds and the rules the heuristic scorer applies. */
export const RubricConfig = z
  .strictObject({
    thresholds: Thresholds,
    maxRevisions: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(2)
      .describe('Revisions of a failing draft before it goes to the rep flagged with its failing criteria.'),
    words: z
      .strictObject({
        min: z.number().int().positive().default(40).describe('Fewest words in an email body.'),
        max: z.number().int().positive().default(150).describe('Most words in an email body.'),
      })
      .prefault({})
      .refine((w) => w.min < w.max, { message: 'expected min < max' })
      .describe('Body length limits.'),
    subjectMaxChars: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe('Longest subject line (mobile inboxes cut it).'),
    maxLineChars: z
      .number()
      .int()
      .positive()
      .default(320)
      .describe('Longest paragraph, in characters (mobile reading).'),
    maxExclamations: z
      .number()
      .int()
      .nonnegative()
      .default(1)
      .describe('Most exclamation marks in an email.'),
    bannedPhrases: z
      .array(z.string().min(2))
      .default([
        'just checking in',
        'touch base',
        'circle back',
        'act now',
        'guarantee',
        'limited time',
        'no-brainer',
      ])
      .describe('Pushy or spammy phrases that cost tone.'),
    vaguePhrases: z
      .array(z.string().min(2))
      .default(['best-in-class', 'synergy', 'world-class', 'cutting-edge', 'solutions', 'leverage'])
      .describe('Filler that costs specificity.'),
    askPhrases: z
      .array(z.string().min(2))
      .default(['would you', 'are you open', 'worth a', 'could we', 'do you have', 'shall i'])
      .describe('Phrases that make a sentence an ask, with or without a question mark.'),
    signoffs: z
      .array(z.string().min(2))
      .default(['best', 'thanks', 'regards', 'cheers', 'talk soon'])
      .describe('How an email may close.'),
  })
  .prefault({})
  .describe('The seven-criterion rubric: thresholds, revisions, and the checks behind each score.');

/** A parsed rubric block. */
export type RubricConfig = z.infer<typeof RubricConfig>;
