import { z } from 'zod';
import { classifyBySignals, type LabelSignal, rankCandidates } from '../../agents/heuristics/index.js';
import { type AgentTask, formatValue, getPath, isMissing } from '../../kernel/index.js';
import type { Signal } from './rule-config.js';

const Company = z.object({
  name: z.string().optional().describe('Company name.'),
  domain: z.string().optional().describe('Company domain.'),
  website: z.string().optional().describe('Company website.'),
});

const MatchAccountInput = z.object({
  lead: Company.describe('The company on the lead.'),
  candidates: z
    .array(Company.extend({ id: z.string().describe('The account id.') }))
    .describe('Accounts that share the lead’s domain.'),
});

/** The question of the account-match task: a lead's company and the accounts it may belong to. */
export type MatchAccountInput = z.infer<typeof MatchAccountInput>;

/**
 * Which of several accounts on the lead's domain the lead belongs to. The heuristic ranks the
 * candidates by company name and domain similarity; a close runner-up lowers the confidence.
 */
export const matchAccountTask: AgentTask<MatchAccountInput, { accountId: string | null }> = {
  name: 'route.match-account',
  promptVersion: '1',
  instructions:
    'A new lead must be matched to an existing account so it goes to that account’s owner. Several ' +
    'accounts share the lead’s domain. Pick the account the lead belongs to by company name and ' +
    'domain, or null if none clearly fits. Lower your confidence when two accounts fit nearly as well.',
  input: MatchAccountInput,
  output: z.object({ accountId: z.string().nullable().describe('The matching account id, or null.') }),
  heuristic: (input) => {
    const r = rankCandidates(
      input.lead,
      input.candidates.map((c) => ({ ...c, value: c.id })),
    );
    return { answer: { accountId: r.best?.id ?? null }, confidence: r.confidence, reasoning: r.reasoning };
  },
};

const ClassifyInput = z.object({
  question: z.string().describe('What is being decided, e.g. region.'),
  options: z.array(z.string()).describe('The answers that may be given.'),
  lead: z.record(z.string(), z.unknown()).describe('The lead’s fields.'),
  signals: z
    .array(
      z.object({
        name: z.string(),
        label: z.string().nullable(),
        weight: z.number(),
        evidence: z.string(),
      }),
    )
    .describe('Evidence read from the lead, each a vote for an option (or none).'),
});

/** The question of the classify task. */
export type ClassifyInput = z.infer<typeof ClassifyInput>;

/**
 * Where an ambiguous lead belongs (a region, a segment): one of the configured options. The
 * heuristic weighs the configured signals; its confidence is the winning option's share of the weight.
 */
export const classifyLeadTask: AgentTask<ClassifyInput, { label: string | null }> = {
  name: 'route.classify',
  promptVersion: '1',
  instructions:
    'Decide which option the lead belongs to for the question asked (for example its sales region ' +
    'from the billing country, the company headquarters, the email domain and what the lead said). ' +
    'Answer with one of the options, or null when the evidence does not support one. The signals ' +
    'list what the rules engine read; weigh them, and the lead fields, with judgment.',
  input: ClassifyInput,
  output: z.object({ label: z.string().nullable().describe('One of the options, or null.') }),
  heuristic: (input) => {
    const r = classifyBySignals(input.signals);
    const label = r.label !== null && input.options.includes(r.label) ? r.label : null;
    return { answer: { label }, confidence: label === null ? 0 : r.confidence, reasoning: r.reasoning };
  },
};

/** The option a signal's value votes for: its `labels` entry (a dotted key matches the end), else the value if it names an option. */
function labelFor(signal: Signal, value: string, options: readonly string[]): string | null {
  const v = value.trim().toLowerCase();
  if (signal.labels) {
    let best: { key: string; label: string } | undefined;
    for (const [key, label] of Object.entries(signal.labels)) {
      const k = key.toLowerCase();
      const hit = k.startsWith('.') ? v.endsWith(k) : v === k;
      if (hit && (!best || k.length > best.key.length)) best = { key: k, label };
    }
    return best?.label ?? null;
  }
  return options.find((o) => o.toLowerCase() === v) ?? null;
}

/** Reads each configured signal off the lead: the option it votes for (or none) and what it saw. Pure. */
export function readSignals(
  signals: readonly Signal[],
  subject: unknown,
  options: readonly string[],
): LabelSignal[] {
  return signals.map((s) => {
    const value = getPath(subject, s.field);
    if (isMissing(value) || typeof value === 'object')
      return { name: s.name, label: null, weight: s.weight, evidence: `${s.field} has no value` };
    const label = labelFor(s, String(value), options);
    const says = label === null ? 'names no option' : `means ${label}`;
    return {
      name: s.name,
      label,
      weight: s.weight,
      evidence: `${s.field} is ${formatValue(value)}, which ${says}`,
    };
  });
}
