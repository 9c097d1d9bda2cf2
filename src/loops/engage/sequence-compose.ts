import { composeFirst } from '../../agents/heuristics/index.js';
import type { Json, JsonObject } from '../../kernel/index.js';
import type { Criterion } from './rubric-config.js';
import type { StepTemplate, ValueProp } from './sequence-config.js';

/** One drafted email: subject, paragraphs, and what each paragraph is for. */
export interface DraftStep {
  waitDays: number;
  subject: string;
  lines: string[];
  roles: string[];
  criteria: Criterion[];
}

/** What the composer works from. */
export interface ComposeInput {
  facts: JsonObject;
  templates: readonly StepTemplate[];
  valueProps: readonly ValueProp[];
  persona: { name: string; pain: string };
  waitDays: readonly number[];
  /** Phrases no line may contain (banned and vague). */
  avoid: readonly string[];
  /** A revision: the criteria that failed, and how many revisions came before. */
  revise: { round: number; failing: readonly Criterion[]; shorten: boolean } | null;
}

/** What the composer made, and the facts it could not find. */
export interface Composed {
  steps: DraftStep[];
  missing: string[];
  reasoning: string;
}

const avoids = (text: string, avoid: readonly string[]) =>
  !avoid.some((p) => text.toLowerCase().includes(p.toLowerCase()));

/**
 * Fills one paragraph: the first alternative (from `start` on a revision) whose facts are known and
 * that avoids the banned phrases; else the first that has its facts at all.
 */
function fill(alternatives: readonly string[], facts: JsonObject, avoid: readonly string[], start: number) {
  const order = [...alternatives.slice(start), ...alternatives.slice(0, start)];
  const clean = order.filter((t) => avoids(t, avoid));
  const c = composeFirst(clean.length > 0 ? clean : order, facts);
  return c;
}

/**
 * Composes a sequence from templates and research facts: each email gets its value prop in turn, and
 * each paragraph the first of its templates whose facts are all known (nothing is made up). A
 * revision rewords the paragraphs serving the failing criteria with their next template, and drops
 * optional paragraphs when the emails run long.
 */
export function composeSequence(x: ComposeInput): Composed {
  const missing = new Set<string>();
  const notes: string[] = [];
  const steps = x.templates.map((t, i) => {
    const vp = x.valueProps[i % x.valueProps.length] as ValueProp;
    const facts: JsonObject = {
      ...x.facts,
      persona: { name: x.persona.name, pain: x.persona.pain },
      valueProp: { name: vp.name, text: vp.text, ...(vp.proof ? { proof: vp.proof } : {}) } as Json,
      step: { number: i + 1 },
    };
    const shift = (c: Criterion) => (x.revise?.failing.includes(c) ? x.revise.round : 0);
    const subject = fill(t.subject, facts, x.avoid, shift('relevance'));
    if (subject.text === null) for (const m of subject.missing) missing.add(m);
    const lines: string[] = [];
    const roles: string[] = [];
    const criteria: Criterion[] = [];
    for (const line of t.lines) {
      if (line.optional && x.revise?.shorten) continue;
      const c = fill(line.text, facts, x.avoid, shift(line.criterion));
      if (c.text === null) {
        if (!line.optional) for (const m of c.missing) missing.add(m);
        continue;
      }
      lines.push(c.text);
      roles.push(line.role);
      criteria.push(line.criterion);
    }
    notes.push(`email ${i + 1}: value prop ${vp.name}, ${lines.length} paragraphs`);
    return {
      waitDays: i === 0 ? 0 : (x.waitDays[i - 1] ?? 3),
      subject: subject.text ?? '',
      lines,
      roles,
      criteria,
    };
  });
  const rev = x.revise ? `revision ${x.revise.round} for ${x.revise.failing.join(', ')}: ` : '';
  return {
    steps,
    missing: [...missing],
    reasoning: `${rev}${notes.join('; ')}${missing.size > 0 ? `; missing facts ${[...missing].join(', ')}` : ''}`,
  };
}
