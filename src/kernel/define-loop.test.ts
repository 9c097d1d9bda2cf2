import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineLoop, isLoopDefinition, type LoopSpec } from './define-loop.js';
import type { RevloopsError } from './errors.js';
import type { FeedbackSpec } from './feedback.js';
import type { MetricSpec } from './metrics.js';
import { thrownBy } from './test-errors.js';

const Config = z.object({ threshold: z.number().default(50) });
const Input = z.object({ email: z.string() });
const Output = z.object({ hot: z.boolean() });
type Spec = LoopSpec<z.infer<typeof Config>, z.infer<typeof Input>, z.infer<typeof Output>>;

const metrics: MetricSpec[] = [
  { name: 'decisions', description: 'Decisions made.', kind: 'count', observe: () => true },
  { name: 'hot', description: 'Hot or not.', kind: 'mix', observe: (d) => String(d.output) },
];

const monitor = (reads: string[]): FeedbackSpec<z.infer<typeof Config>> => ({
  name: 'hot-rate',
  description: 'Alerts when too many signups are hot.',
  level: 2,
  reads,
  evaluate: () => [],
});

/** A loop with all six elements, valid as it stands. */
function validSpec(): Spec {
  return {
    name: 'signup-triage',
    version: '1.2.0',
    description: 'Scores signups.',
    archetypes: ['event'],
    config: Config,
    triggers: [{ kind: 'event', on: 'signup.created' }],
    input: Input,
    output: Output,
    outputs: ['decision', 'handoff'],
    emits: [{ type: 'signup.hot', schema: z.object({ email: z.string() }), description: 'A hot signup.' }],
    run: (ctx) => ctx.decide({ hot: true }),
    metrics,
    feedback: [monitor(['decisions', 'hot'])],
  };
}

/** The spec without one of its keys, as a loader would see a module that forgot it. */
function without(...keys: (keyof Spec)[]): Spec {
  const spec: Partial<Spec> = validSpec();
  for (const key of keys) delete spec[key];
  return spec as Spec;
}

/** The error defineLoop throws for a spec; fails the test if it accepts the spec. */
function refusal(spec: Spec): RevloopsError {
  return thrownBy(() => defineLoop(spec), 'defineLoop accepted a loop it should refuse');
}

const paths = (err: RevloopsError): string[] => err.issues.map((i) => i.path);

describe('defineLoop', () => {
  it('accepts a loop with its six elements and returns a frozen definition', () => {
    const spec = validSpec();
    const loop = defineLoop(spec);
    expect(loop.kind).toBe('revloops.loop');
    expect(loop.name).toBe('signup-triage');
    expect(loop.emits.map((e) => e.type)).toEqual(['signup.hot']);
    expect(loop.metrics).toBe(spec.metrics);
    expect(Object.isFrozen(loop)).toBe(true);
    expect(isLoopDefinition(loop)).toBe(true);
  });

  it('defaults emits to an empty list and accepts every trigger kind', () => {
    const { emits: _emits, ...rest } = validSpec();
    const loop = defineLoop({
      ...rest,
      outputs: ['decision'],
      triggers: [
        { kind: 'event', on: 'lead.created' },
        { kind: 'handoff', from: 'qualify', on: 'lead.qualified' },
        { kind: 'schedule', config: 'schedule' },
        { kind: 'materialize', kinds: ['team', 'territory'] },
        { kind: 'model' },
        { kind: 'operator', action: 'rebalance' },
      ],
    });
    expect(loop.emits).toEqual([]);
    expect(loop.triggers).toHaveLength(6);
  });

  it('refuses a loop without metrics, saying so', () => {
    for (const spec of [without('metrics'), { ...validSpec(), metrics: [], feedback: [] }]) {
      const err = refusal(spec);
      expect(err.code).toBe('LOOP_INVALID');
      expect(err.message).toContain('metrics');
      expect(err.message).toContain('signup-triage');
      expect(paths(err)).toContain('metrics');
    }
  });

  it('refuses a loop without feedback', () => {
    for (const spec of [without('feedback'), { ...validSpec(), feedback: [] }]) {
      const err = refusal(spec);
      expect(err.code).toBe('LOOP_INVALID');
      expect(paths(err)).toEqual(['feedback']);
      expect(err.message).toContain('feedback: expected at least one monitor');
    }
  });

  it('refuses a loop without config, run or triggers', () => {
    expect(paths(refusal(without('config')))).toEqual(['config']);
    expect(paths(refusal(without('run')))).toEqual(['run']);
    expect(paths(refusal(without('triggers')))).toEqual(['triggers']);
    expect(paths(refusal({ ...validSpec(), triggers: [] }))).toEqual(['triggers']);
    expect(
      paths(refusal({ ...validSpec(), config: { parse: () => ({}) } as unknown as Spec['config'] })),
    ).toEqual(['config']);
  });

  it('locates a malformed trigger', () => {
    const triggers = [
      { kind: 'event', on: 'created' },
      { kind: 'webhook' },
      { kind: 'schedule', cron: '0 6 * * *' },
      { kind: 'materialize' },
      { kind: 'handoff', from: 'qualify', on: 'lead.qualified' },
    ] as unknown as Spec['triggers'];
    expect(paths(refusal({ ...validSpec(), triggers }))).toEqual([
      'triggers.0.on',
      'triggers.1.kind',
      'triggers.2.config',
      'triggers.3.kinds',
    ]);
  });

  it('refuses feedback that reads a metric the loop does not declare', () => {
    const err = refusal({ ...validSpec(), feedback: [monitor(['decisions']), monitor(['hot', 'win_rate'])] });
    expect(err.code).toBe('LOOP_INVALID');
    expect(err.issues).toEqual([
      { path: 'feedback.1.reads', message: "reads metric 'win_rate', which the loop does not declare" },
    ]);
  });

  it("refuses a loop that emits handoffs without the 'handoff' output", () => {
    const err = refusal({ ...validSpec(), outputs: ['decision', 'task'] });
    expect(paths(err)).toEqual(['outputs']);
    expect(err.message).toContain("outputs must include 'handoff'");
  });

  it("refuses outputs without 'decision', unknown output kinds and malformed emits", () => {
    expect(paths(refusal({ ...validSpec(), outputs: ['handoff'] }))).toEqual(['outputs']);
    const unknownKind = ['decision', 'handoff', 'email'] as unknown as Spec['outputs'];
    expect(paths(refusal({ ...validSpec(), outputs: unknownKind }))).toEqual(['outputs.2']);
    const emits = [{ type: 'hot', schema: {} as z.ZodType, description: 'bad' }];
    expect(paths(refusal({ ...validSpec(), emits }))).toEqual(['emits.0.type', 'emits.0.schema']);
  });

  it('refuses a bad name or version', () => {
    for (const name of ['Signup', 'signup_triage', '1signup', 'signup-', '']) {
      expect(paths(refusal({ ...validSpec(), name }))).toEqual(['name']);
    }
    for (const version of ['1.0', 'v1.0.0', '1.0.0.0', 'latest']) {
      expect(paths(refusal({ ...validSpec(), version }))).toEqual(['version']);
    }
    expect(defineLoop({ ...validSpec(), name: 'a2-b3', version: '2.0.0-rc.1' }).version).toBe('2.0.0-rc.1');
  });

  it('reports several problems together, each with its path', () => {
    const spec = { ...without('metrics', 'run', 'input'), name: 'Bad Name', archetypes: [] };
    const err = refusal(spec);
    expect(err.code).toBe('LOOP_INVALID');
    // Without metrics, both metrics the feedback reads are undeclared.
    expect(paths(err)).toEqual([
      'name',
      'archetypes',
      'input',
      'run',
      'metrics',
      'feedback.0.reads',
      'feedback.0.reads',
    ]);
    expect(err.message).toMatch(
      /^loop Bad Name is not a loop: name: .*; archetypes: .*; input: .*; run: .*; metrics: /,
    );
    expect(err.toJSON().issues).toBe(err.issues);
  });
});

describe('isLoopDefinition', () => {
  it('is false for anything defineLoop did not make', () => {
    expect(isLoopDefinition(validSpec())).toBe(false);
    expect(isLoopDefinition(null)).toBe(false);
    expect(isLoopDefinition('revloops.loop')).toBe(false);
    expect(isLoopDefinition({ kind: 'other' })).toBe(false);
  });
});
