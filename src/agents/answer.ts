import { z } from 'zod';
import { type AgentTask, RevloopsError } from '../kernel/index.js';

/** An answer as any provider gives it, before it is checked: the task's output, confidence and why. */
export interface CheckedAnswer<O> {
  answer: O;
  confidence: number;
  reasoning: string;
}

/** A provider's outcome before checking: the raw answer, or why there is none; tokens spent either way. */
export type ProviderOutcome =
  | { ok: true; raw: unknown; tokens: number; model: string }
  | { ok: false; reason: string; tokens: number };

const wrappers = new WeakMap<AgentTask<unknown, unknown>, z.ZodType>();

/** The shape every provider must answer in: `{answer, confidence, reasoning}` with the task's output as answer. */
export function answerSchema<I, O>(task: AgentTask<I, O>): z.ZodType<CheckedAnswer<O>> {
  const key = task as AgentTask<unknown, unknown>;
  let schema = wrappers.get(key);
  if (!schema) {
    schema = z.object({
      answer: task.output,
      confidence: z.number().min(0).max(1).describe('How sure the answer is, from 0 to 1.'),
      reasoning: z.string().describe('Why, in one or two sentences, citing the input.'),
    });
    wrappers.set(key, schema);
  }
  return schema as z.ZodType<CheckedAnswer<O>>;
}

/** Checks a raw answer against the task's output schema and the confidence range; a reason if it fails. */
export function checkAnswer<I, O>(
  task: AgentTask<I, O>,
  raw: unknown,
): { ok: true; value: CheckedAnswer<O> } | { ok: false; reason: string } {
  const parsed = answerSchema(task).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
  return {
    ok: false,
    reason: `the answer does not match the task's output schema: ${issues.join('; ')}${more}`,
  };
}

/** The error of an agent call that gave no usable answer; askAgent sends the item to review with it. */
export function unavailable(message: string): RevloopsError {
  return new RevloopsError('AGENT_UNAVAILABLE', message);
}
