import { z } from 'zod';
import type { Decided, LoopContext } from './context.js';
import { type Issue, RevloopsError } from './errors.js';
import type { FeedbackSpec } from './feedback.js';
import type { MetricSpec } from './metrics.js';
import { OUTPUT_KINDS, type OutputKind } from './outputs.js';
import type { ReviewOutcome } from './review.js';
import { type Archetype, TRIGGER_KINDS, type Trigger } from './triggers.js';

/** A handoff a loop emits: the event type and the payload contract. */
export interface Emit {
  type: string;
  schema: z.ZodType;
  description: string;
}

/** The six elements of a loop, plus its identity and contracts. */
export interface LoopSpec<C, I, O> {
  name: string;
  version: string;
  description: string;
  archetypes: readonly Archetype[];
  /** Config: the zod schema of the loop's YAML. */
  config: z.ZodType<C>;
  /** Inputs: what starts a run, and the contract of its input. */
  triggers: readonly Trigger[];
  input: z.ZodType<I>;
  /** Outputs: the contract of the decision's output, and the output kinds it may produce. */
  output: z.ZodType<O>;
  outputs: readonly OutputKind[];
  emits?: readonly Emit[];
  /** Logic: reads config through the context and does no I/O of its own. */
  run: (ctx: LoopContext<C>, input: I) => Promise<Decided<O>> | Decided<O>;
  /** Metrics: what the loop measures of its own decisions. */
  metrics: readonly MetricSpec[];
  /** Feedback: monitors, tuners and proposers that read the metrics. */
  feedback: readonly FeedbackSpec<C>[];
  /**
   * Config lint: warnings about a valid config that is probably not what was meant (a rule that
   * can never fire). `path` is the dotted path in the loop's YAML, e.g. `rules.3.when`;
   * `revloops validate` prints each with its file and line and still succeeds.
   */
  lint?: (config: C) => readonly { path: string; message: string }[];
  /**
   * Carries out a person's decision on one of the loop's review items (an approved match or
   * assignment becomes record writes and handoffs). Without it, an approval applies the action's
   * `writes` list, if any, and marks the subject record as reviewed.
   */
  review?: (ctx: LoopContext<C>, outcome: ReviewOutcome) => Promise<Decided<unknown>> | Decided<unknown>;
}

/** A validated loop. The kernel and runtime only ever see this type. */
export interface LoopDefinition<C = unknown, I = unknown, O = unknown> extends LoopSpec<C, I, O> {
  readonly kind: 'revloops.loop';
  readonly emits: readonly Emit[];
}

/** A loop of any config, input and output: what registries hold. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds loops of every type; each loop's own code stays typed.
export type AnyLoop = LoopDefinition<any, any, any>;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const EVENT_TYPE = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;

function isZod(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

/**
 * The contract an event of `type` must meet to start `loop`: the input its trigger declares for
 * that type, else the loop's input.
 */
export function inputContract(
  loop: Pick<AnyLoop, 'triggers' | 'input'>,
  type: string | null | undefined,
): z.ZodType {
  for (const t of loop.triggers)
    if ((t.kind === 'event' || t.kind === 'handoff') && t.on === type && t.input) return t.input;
  return loop.input;
}

function checkTriggers(triggers: unknown, issues: Issue[]): void {
  if (!Array.isArray(triggers) || triggers.length === 0) {
    issues.push({ path: 'triggers', message: 'expected at least one trigger (the inputs element)' });
    return;
  }
  triggers.forEach((t: Partial<Trigger> | undefined, i) => {
    const kind = t?.kind;
    if (!kind || !(TRIGGER_KINDS as readonly string[]).includes(kind)) {
      issues.push({ path: `triggers.${i}.kind`, message: `expected one of ${TRIGGER_KINDS.join(', ')}` });
    } else if (
      (kind === 'event' || kind === 'handoff') &&
      !EVENT_TYPE.test(String((t as { on?: unknown }).on))
    ) {
      issues.push({ path: `triggers.${i}.on`, message: 'expected an event type such as lead.created' });
    } else if ((kind === 'event' || kind === 'handoff') && 'input' in t && !isZod(t.input)) {
      issues.push({ path: `triggers.${i}.input`, message: 'expected a zod schema for the payload contract' });
    } else if (kind === 'schedule' && typeof (t as { config?: unknown }).config !== 'string') {
      issues.push({
        path: `triggers.${i}.config`,
        message: 'expected the config path of the schedule block, e.g. schedule',
      });
    } else if (kind === 'materialize' && !Array.isArray((t as { kinds?: unknown }).kinds)) {
      issues.push({
        path: `triggers.${i}.kinds`,
        message: 'expected the record kinds the loop owns, parents first',
      });
    }
  });
}

function checkOutputs<C, I, O>(spec: LoopSpec<C, I, O>, issues: Issue[]): void {
  const outputs = spec.outputs;
  if (!Array.isArray(outputs) || !outputs.includes('decision')) {
    issues.push({ path: 'outputs', message: "expected a list of output kinds that includes 'decision'" });
    return;
  }
  for (const [i, kind] of outputs.entries()) {
    if (!OUTPUT_KINDS.includes(kind)) {
      issues.push({ path: `outputs.${i}`, message: `expected one of ${OUTPUT_KINDS.join(', ')}` });
    }
  }
  const emits = spec.emits ?? [];
  if (emits.length > 0 && !outputs.includes('handoff')) {
    issues.push({ path: 'outputs', message: "the loop emits handoffs, so outputs must include 'handoff'" });
  }
  for (const [i, e] of emits.entries()) {
    if (!EVENT_TYPE.test(e.type)) issues.push({ path: `emits.${i}.type`, message: 'expected an event type' });
    if (!isZod(e.schema)) issues.push({ path: `emits.${i}.schema`, message: 'expected a zod schema' });
  }
}

function checkMetricsAndFeedback<C, I, O>(spec: LoopSpec<C, I, O>, issues: Issue[]): void {
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    issues.push({ path: 'metrics', message: 'expected at least one metric (the metrics element)' });
  }
  if (!Array.isArray(spec.feedback) || spec.feedback.length === 0) {
    issues.push({
      path: 'feedback',
      message: 'expected at least one monitor, tuner or proposer (the feedback element)',
    });
    return;
  }
  const declared = new Set((spec.metrics ?? []).map((m) => m.name));
  spec.feedback.forEach((f, i) => {
    for (const name of f.reads ?? []) {
      if (!declared.has(name)) {
        issues.push({
          path: `feedback.${i}.reads`,
          message: `reads metric '${name}', which the loop does not declare`,
        });
      }
    }
  });
}

/**
 * Defines a loop from its six elements: config, logic, inputs, outputs, metrics, feedback.
 * Refuses a loop that misses any of them, with every problem listed.
 */
export function defineLoop<C, I, O>(spec: LoopSpec<C, I, O>): LoopDefinition<C, I, O> {
  const issues: Issue[] = [];
  const s = spec as Partial<LoopSpec<C, I, O>>;
  if (typeof s.name !== 'string' || !NAME.test(s.name)) {
    issues.push({ path: 'name', message: 'expected a kebab-case loop name such as lead-intake' });
  }
  if (typeof s.version !== 'string' || !SEMVER.test(s.version)) {
    issues.push({
      path: 'version',
      message: 'expected a semantic version such as 1.0.0 (the logic version)',
    });
  }
  if (!Array.isArray(s.archetypes) || s.archetypes.length === 0) {
    issues.push({ path: 'archetypes', message: 'expected at least one archetype' });
  }
  if (!isZod(s.config))
    issues.push({ path: 'config', message: 'expected a zod schema (the config element)' });
  if (!isZod(s.input))
    issues.push({ path: 'input', message: 'expected a zod schema for the input contract' });
  if (!isZod(s.output))
    issues.push({ path: 'output', message: 'expected a zod schema for the output contract' });
  if (typeof s.run !== 'function')
    issues.push({ path: 'run', message: 'expected a function (the logic element)' });
  if (s.lint !== undefined && typeof s.lint !== 'function')
    issues.push({ path: 'lint', message: 'expected a function from config to warnings, or no lint' });
  if (s.review !== undefined && typeof s.review !== 'function')
    issues.push({ path: 'review', message: 'expected a function that carries out review outcomes, or none' });
  checkTriggers(s.triggers, issues);
  checkOutputs(spec, issues);
  checkMetricsAndFeedback(spec, issues);
  if (issues.length > 0) {
    const name = typeof s.name === 'string' ? s.name : '(unnamed)';
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new RevloopsError('LOOP_INVALID', `loop ${name} is not a loop: ${list}`, issues);
  }
  return Object.freeze({ ...spec, kind: 'revloops.loop', emits: spec.emits ?? [] });
}

/** True when a value is a loop made by defineLoop (used when loading plug-in modules). */
export function isLoopDefinition(value: unknown): value is AnyLoop {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'revloops.loop'
  );
}
