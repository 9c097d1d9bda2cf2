import { z } from 'zod';
import type { AgentTask } from '../../kernel/index.js';
import { CRITERIA } from './rubric-config.js';
import { type Composed, type ComposeInput, composeSequence } from './sequence-compose.js';
import { type CriterionScore, type RubricInput, scoreSequence } from './sequence-rubric.js';

const Step = z.object({
  waitDays: z.number().int().nonnegative().describe('Days after the previous email (0 for the first).'),
  subject: z.string().describe('The subject line.'),
  lines: z.array(z.string()).describe('The paragraphs, greeting first and sign-off last.'),
  roles: z
    .array(z.string())
    .describe('What each paragraph does, one per line (greeting, opener, value, proof, cta, signoff).'),
  criteria: z.array(z.enum(CRITERIA)).describe('The rubric criterion each paragraph serves, one per line.'),
});

const ComposeIn = z.object({
  facts: z
    .record(z.string(), z.json())
    .describe('Research facts (lead, company, account, signal, owner...).'),
  templates: z.array(z.custom<ComposeInput['templates'][number]>()).describe('The email templates to fill.'),
  valueProps: z
    .array(z.custom<ComposeInput['valueProps'][number]>())
    .describe('Value props, one per email in turn.'),
  persona: z.object({ name: z.string(), pain: z.string() }).describe('Who the emails speak to.'),
  waitDays: z.array(z.number()).describe('Days between emails.'),
  avoid: z.array(z.string()).describe('Phrases never to use.'),
  revise: z
    .object({ round: z.number(), failing: z.array(z.enum(CRITERIA)), shorten: z.boolean() })
    .nullable()
    .describe('A revision: the failing criteria to fix; null for a first draft.'),
});

/**
 * Drafts an outreach sequence from research facts. The heuristic fills the configured templates
 * (every slot from a cited fact, nothing invented); its confidence is 1 when every required
 * paragraph had its facts, less by the share of facts missing.
 */
export const composeSequenceTask: AgentTask<ComposeInput, Pick<Composed, 'steps' | 'missing'>> = {
  name: 'engage.compose-sequence',
  promptVersion: '1',
  instructions:
    'Write a short outbound email sequence to the prospect described by the facts, one email per ' +
    'template, each about its value prop in turn, for the persona given. Lead the first email with ' +
    'the signal (why now). Use only the facts given, never invent one. Each email: a greeting by ' +
    'first name, short paragraphs, one clear ask at the end, a sign-off. Avoid the listed phrases. ' +
    'On a revision, fix the failing criteria. Give each paragraph its role and the rubric criterion it serves.',
  input: ComposeIn as unknown as z.ZodType<ComposeInput>,
  output: z.object({
    steps: z.array(Step).min(1).describe('The emails, in order.'),
    missing: z.array(z.string()).describe('Facts the templates needed and research did not find.'),
  }),
  heuristic: (input) => {
    const c = composeSequence(input);
    const needed = input.templates.length;
    const confidence = c.missing.length === 0 ? 1 : Math.max(0, 1 - c.missing.length / (needed * 2));
    return { answer: { steps: c.steps, missing: c.missing }, confidence, reasoning: c.reasoning };
  },
};

const Email = z.object({ subject: z.string(), lines: z.array(z.string()) });

const RubricIn = z.object({
  steps: z.array(Email).describe('The emails to score.'),
  facts: z
    .object({
      firstName: z.string().nullable(),
      company: z.string().nullable(),
      headline: z.array(z.string()),
      details: z.array(z.string()),
    })
    .describe('The facts the emails should use.'),
  valueProps: z
    .array(z.object({ name: z.string(), keywords: z.array(z.string()) }))
    .describe('Value props and their words.'),
  rules: z.custom<RubricInput['rules']>().describe('The limits and phrase lists the criteria apply.'),
});

/**
 * Scores a sequence on seven criteria (relevance, personalization, specificity, call to action,
 * tone, length, formatting), each with evidence. The heuristic applies rule checks to the text.
 */
export const scoreSequenceTask: AgentTask<RubricInput, { criteria: CriterionScore[] }> = {
  name: 'engage.score-sequence',
  promptVersion: '1',
  instructions:
    'Score the email sequence from 0 to 1 on each of seven criteria, quoting the evidence for each: ' +
    'relevance (each email tied to a value prop, the first to the signal), personalization (name, ' +
    'company, researched facts), specificity (concrete details, no filler), callToAction (exactly one ' +
    'clear ask at the end of each email), tone (no pushy phrases, shouting or exclamation), length ' +
    '(word and subject limits in rules), formatting (greeting, sign-off, short paragraphs, honest subject).',
  input: RubricIn as unknown as z.ZodType<RubricInput>,
  output: z.object({
    criteria: z
      .array(
        z.object({
          id: z.enum(CRITERIA),
          score: z.number().min(0).max(1),
          evidence: z.string().min(1),
        }),
      )
      .length(CRITERIA.length)
      .describe('One score per criterion, with its evidence.'),
  }),
  heuristic: (input) => ({
    answer: { criteria: scoreSequence(input) },
    confidence: 1,
    reasoning: 'rule checks over the text: value-prop words, facts used, asks, phrases, counts',
  }),
};
