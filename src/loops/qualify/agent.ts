import { z } from 'zod';
import { rankCandidates } from '../../agents/heuristics/index.js';
import type { AgentTask } from '../../kernel/index.js';

const text = (what: string) => z.string().optional().describe(what);

/** What the company-match agent is asked: the lead's company as it gave it, and the candidates found. */
export const CompanyMatchInput = z
  .strictObject({
    query: z
      .strictObject({
        name: text('The company name the lead typed.'),
        domain: text("The lead's company domain (not a free email provider)."),
        website: text('The website the lead gave.'),
      })
      .describe('The company the lead says it works at.'),
    candidates: z
      .array(
        z.strictObject({
          id: z.string().min(1).describe('The candidate id in its provider.'),
          name: text('Company name.'),
          domain: text('Company domain.'),
          website: text('Company website.'),
        }),
      )
      .min(1)
      .describe('Companies a provider found for the lead.'),
  })
  .describe('A lead to match to one of several companies.');

/** A company-match question. */
export type CompanyMatchInput = z.infer<typeof CompanyMatchInput>;

/** The company-match answer: the candidate picked (or none) and the scores behind it. */
export const CompanyMatchAnswer = z
  .strictObject({
    companyId: z.string().nullable().describe('The id of the matching candidate, or null when none fits.'),
    evidence: z.array(z.string()).describe('Why that candidate, field by field.'),
    ranked: z
      .array(z.strictObject({ id: z.string(), score: z.number().min(0).max(1) }))
      .describe('Every candidate with its match score, best first.'),
  })
  .describe('Which candidate company the lead works at.');

/** A company-match answer. */
export type CompanyMatchAnswer = z.infer<typeof CompanyMatchAnswer>;

/**
 * Picks which of several candidate companies a lead works at ("Acme" vs "Acme Corp" vs "Acme
 * Labs"). The heuristic ranks them by name and domain similarity; its confidence drops when the
 * runner-up is close, so a tie goes to review instead of a guess.
 */
export const matchCompanyTask: AgentTask<CompanyMatchInput, CompanyMatchAnswer> = {
  name: 'qualify.match-company',
  promptVersion: '1',
  instructions:
    'A sales lead gave the company name, domain and website in `query`. Decide which company in ' +
    '`candidates` the lead works at, comparing names (ignore legal forms such as Inc or GmbH) and ' +
    'domains (a subdomain belongs to its parent domain). Answer its id as companyId, or null when ' +
    'none is that company. List your evidence, and score every candidate from 0 to 1. Your ' +
    'confidence must be low when two candidates fit about equally well.',
  input: CompanyMatchInput,
  output: CompanyMatchAnswer,
  heuristic: (input) => {
    const r = rankCandidates(
      input.query,
      input.candidates.map((c) => ({ ...c, value: null })),
    );
    return {
      answer: {
        companyId: r.best?.id ?? null,
        evidence: r.best?.evidence ?? [],
        ranked: r.ranked.map((c) => ({ id: c.id, score: c.score })),
      },
      confidence: r.confidence,
      reasoning: r.reasoning,
    };
  },
};
