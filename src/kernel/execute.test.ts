import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentGateway } from './agents.js';
import type { LoopContext } from './context.js';
import { defineLoop, type LoopSpec } from './define-loop.js';
import { seededRandom } from './determinism.js';
import { RevloopsError } from './errors.js';
import { executeLoop, type RunInput } from './execute.js';
import { OUTPUT_KINDS, type OutputKind } from './outputs.js';
import type { RecordReader } from './records.js';

const Config = z.object({ threshold: z.number(), weights: z.object({ seats: z.array(z.number()) }) });
const Input = z.object({
  lead: z.object({ email: z.string().min(3), seats: z.number().int() }),
  source: z.string().default('web'),
});
const Output = z.object({ hot: z.boolean(), score: z.number() });
type C = z.infer<typeof Config>;
type I = z.infer<typeof Input>;
type O = z.infer<typeof Output>;
type Run = LoopSpec<C, I, O>['run'];

const records: RecordReader = {
  get: async () => null,
  find: async () => [],
  count: async () => 0,
};
const agents: AgentGateway = {
  ask: async () => {
    throw new Error('no agent in these tests');
  },
};

function loopWith(run: Run, outputs: readonly OutputKind[] = OUTPUT_KINDS) {
  return defineLoop<C, I, O>({
    name: 'signup-triage',
    version: '1.0.0',
    description: 'Test loop.',
    archetypes: ['event'],
    config: Config,
    triggers: [{ kind: 'event', on: 'signup.created' }],
    input: Input,
    output: Output,
    outputs,
    emits: outputs.includes('handoff')
      ? [
          {
            type: 'signup.hot',
            schema: z.object({ email: z.string(), score: z.number().min(0) }),
            description: 'Hot.',
          },
        ]
      : [],
    run,
    metrics: [{ name: 'decisions', description: 'All.', kind: 'count', observe: () => true }],
    feedback: [{ name: 'noop', description: 'Nothing.', level: 2, reads: ['decisions'], evaluate: () => [] }],
  });
}

function runOf(run: Run, overrides: Partial<RunInput> = {}, outputs?: OutputKind[]): RunInput {
  return {
    loop: loopWith(run, outputs),
    config: { threshold: 50, weights: { seats: [1, 2, 3] } },
    configVersion: 'cfg_1',
    input: { lead: { email: 'ada@acme.test', seats: 12 } },
    subject: 'lead:1',
    idBase: 'dec_01ABC',
    now: '2025-03-01T10:00:00.000Z',
    seed: 42,
    records,
    agents,
    ...overrides,
  };
}

/** The RevloopsError a run rejects with; fails the test if the run succeeds. */
async function rejection(run: RunInput): Promise<RevloopsError> {
  const err = await executeLoop(run).then(
    () => new Error('the run succeeded but should have failed'),
    (e: unknown) => e,
  );
  if (err instanceof RevloopsError) return err;
  throw err;
}

const decideHot: Run = (ctx) => ctx.decide({ hot: true, score: 1 });

describe('executeLoop', () => {
  it('runs the logic on the parsed input and returns its decision', async () => {
    let seen: I | undefined;
    const result = await executeLoop(
      runOf((ctx, input) => {
        seen = input;
        return ctx.decide(
          { hot: input.lead.seats > 10, score: input.lead.seats * 2 },
          { confidence: 0.75, reasons: ['seats'] },
        );
      }),
    );
    expect(seen).toEqual({ lead: { email: 'ada@acme.test', seats: 12 }, source: 'web' });
    expect(result.decided).toEqual({
      output: { hot: true, score: 24 },
      confidence: 0.75,
      subject: 'lead:1',
      reasons: ['seats'],
    });
    expect(result.effects).toEqual([]);
    expect(result.trace).toEqual([]);
  });

  it('defaults confidence to null and the subject to the run subject; decide can override the subject', async () => {
    expect((await executeLoop(runOf(decideHot, { subject: null }))).decided).toMatchObject({
      confidence: null,
      subject: null,
      reasons: [],
    });
    const named = await executeLoop(
      runOf((ctx) => ctx.decide({ hot: false, score: 0 }, { subject: 'lead:2', confidence: 0 })),
    );
    expect(named.decided).toMatchObject({ subject: 'lead:2', confidence: 0 });
  });

  it('refuses an input that breaks the input contract, naming the path, without running the logic', async () => {
    let ran = false;
    const err = await rejection(
      runOf(
        (ctx) => {
          ran = true;
          return ctx.decide({ hot: true, score: 1 });
        },
        { input: { lead: { email: 'ada@acme.test', seats: 'twelve' } } },
      ),
    );
    expect(ran).toBe(false);
    expect(err.code).toBe('CONTRACT_VIOLATION');
    expect(err.message).toContain('input of loop signup-triage');
    expect(err.message).toContain('lead.seats');
    expect(err.issues.map((i) => i.path)).toEqual(['lead.seats']);
  });

  it('refuses an output that breaks the output contract', async () => {
    const err = await rejection(runOf((ctx) => ctx.decide({ hot: 'yes', score: 1 } as unknown as O)));
    expect(err.code).toBe('CONTRACT_VIOLATION');
    expect(err.message).toContain('output of loop signup-triage');
    expect(err.issues.map((i) => i.path)).toEqual(['hot']);
  });

  it('refuses an output kind the loop does not declare', async () => {
    const err = await rejection(
      runOf(
        (ctx) => {
          ctx.write('lead', '1', { grade: 'A' });
          ctx.task({ title: 'Call', assignee: 'u1' });
          return ctx.decide({ hot: true, score: 1 });
        },
        {},
        ['decision', 'record_write'],
      ),
    );
    expect(err.code).toBe('OUTPUT_UNDECLARED');
    expect(err.message).toContain('task');
  });

  it('refuses a handoff of an event type the loop does not emit', async () => {
    const err = await rejection(
      runOf((ctx) => {
        ctx.handoff('signup.cold', { email: 'a' });
        return ctx.decide({ hot: false, score: 0 });
      }),
    );
    expect(err.code).toBe('OUTPUT_UNDECLARED');
    expect(err.message).toContain('signup.cold');
  });

  it('refuses a handoff whose payload breaks its schema', async () => {
    const err = await rejection(
      runOf((ctx) => {
        ctx.handoff('signup.hot', { email: 'ada@acme.test', score: -1 });
        return ctx.decide({ hot: true, score: 1 });
      }),
    );
    expect(err.code).toBe('CONTRACT_VIOLATION');
    expect(err.message).toContain('handoff signup.hot');
    expect(err.issues.map((i) => i.path)).toEqual(['score']);
  });

  it('numbers effects idBase.1, idBase.2, … in the order the logic produced them', async () => {
    const ids: string[] = [];
    const result = await executeLoop(
      runOf((ctx) => {
        ids.push(ctx.write('lead', 'l1', { grade: 'A' }));
        ids.push(ctx.write('lead', 'l1', { owner: 'u1' }, 'upsert'));
        ids.push(ctx.task({ title: 'Call', assignee: 'u1', dueAt: ctx.clock.iso() }));
        ids.push(ctx.notify('slack', '#sales', 'hot lead'));
        ids.push(ctx.notify('email', 'a@b.test', 'hi', { n: 1 }));
        ids.push(ctx.handoff('signup.hot', { email: 'ada@acme.test', score: 9 }, 'lead:l1'));
        ids.push(ctx.handoff('signup.hot', { email: 'ada@acme.test', score: 9 }));
        ids.push(ctx.review('triage', { proposedAction: { grade: 'B' }, reasoning: 'unsure', slaHours: 2 }));
        ids.push(ctx.escalate({ to: 'manager', reason: 'vip' }));
        expect(ctx.effects()).toHaveLength(9);
        return ctx.decide({ hot: true, score: 9 });
      }),
    );
    const expected = Array.from({ length: 9 }, (_, i) => `dec_01ABC.${i + 1}`);
    expect(ids).toEqual(expected);
    expect(result.effects.map((e) => e.id)).toEqual(expected);
    expect(result.effects).toEqual([
      {
        kind: 'record_write',
        id: 'dec_01ABC.1',
        record: 'lead',
        recordId: 'l1',
        op: 'patch',
        values: { grade: 'A' },
      },
      {
        kind: 'record_write',
        id: 'dec_01ABC.2',
        record: 'lead',
        recordId: 'l1',
        op: 'upsert',
        values: { owner: 'u1' },
      },
      { kind: 'task', id: 'dec_01ABC.3', title: 'Call', assignee: 'u1', dueAt: '2025-03-01T10:00:00.000Z' },
      { kind: 'notification', id: 'dec_01ABC.4', channel: 'slack', to: '#sales', message: 'hot lead' },
      {
        kind: 'notification',
        id: 'dec_01ABC.5',
        channel: 'email',
        to: 'a@b.test',
        message: 'hi',
        data: { n: 1 },
      },
      {
        kind: 'handoff',
        id: 'dec_01ABC.6',
        type: 'signup.hot',
        subject: 'lead:l1',
        payload: { email: 'ada@acme.test', score: 9 },
      },
      {
        kind: 'handoff',
        id: 'dec_01ABC.7',
        type: 'signup.hot',
        payload: { email: 'ada@acme.test', score: 9 },
      },
      {
        kind: 'review_item',
        id: 'dec_01ABC.8',
        queue: 'triage',
        proposedAction: { grade: 'B' },
        reasoning: 'unsure',
        slaHours: 2,
      },
      { kind: 'escalation', id: 'dec_01ABC.9', to: 'manager', reason: 'vip' },
    ]);
    const again = await executeLoop(runOf(decideHot, { idBase: 'dec_other' }));
    expect(again.effects).toEqual([]);
  });

  it('gives the logic a deeply frozen copy of the config', async () => {
    const config = { threshold: 50, weights: { seats: [1, 2, 3] } };
    let ctxConfig: Readonly<C> | undefined;
    await executeLoop(
      runOf(
        (ctx) => {
          ctxConfig = ctx.config;
          expect(() => {
            (ctx.config as { threshold: number }).threshold = 0;
          }).toThrow(TypeError);
          expect(() => {
            (ctx.config.weights as { seats: number[] }).seats.push(4);
          }).toThrow(TypeError);
          expect(() => {
            (ctx.config.weights as { extra?: number }).extra = 1;
          }).toThrow(TypeError);
          return ctx.decide({ hot: true, score: 1 });
        },
        { config },
      ),
    );
    expect(ctxConfig).toEqual(config);
    expect(Object.isFrozen(ctxConfig?.weights.seats)).toBe(true);
    expect(Object.isFrozen(config)).toBe(false);
    config.weights.seats.push(4);
    expect(ctxConfig?.weights.seats).toEqual([1, 2, 3]);
  });

  it('keeps the trace in the order the logic wrote it', async () => {
    const result = await executeLoop(
      runOf((ctx) => {
        ctx.trace.step('lookup', { found: 0 });
        ctx.trace.factor('seats', 12, 24, '12 seats × 2', 'firmographics');
        ctx.trace.rule('min-seats', true, '12 >= 10');
        ctx.trace.factor('domain', 'acme.test', 0, 'no bonus');
        ctx.trace.rule('spam', false, 'not a spam domain', { list: 'v2' });
        ctx.trace.step('done');
        return ctx.decide({ hot: true, score: 24 });
      }),
    );
    expect(result.trace).toEqual([
      { kind: 'step', name: 'lookup', detail: { found: 0 } },
      {
        kind: 'factor',
        factor: 'seats',
        value: 12,
        contribution: 24,
        reason: '12 seats × 2',
        group: 'firmographics',
      },
      { kind: 'rule', rule: 'min-seats', matched: true, reason: '12 >= 10' },
      { kind: 'factor', factor: 'domain', value: 'acme.test', contribution: 0, reason: 'no bonus' },
      { kind: 'rule', rule: 'spam', matched: false, reason: 'not a spam domain', detail: { list: 'v2' } },
      { kind: 'step', name: 'done' },
    ]);
  });

  it('gives the logic the run clock, seeded randomness and identity', async () => {
    let ctxSeen: LoopContext<C> | undefined;
    const draws: number[] = [];
    await executeLoop(
      runOf((ctx) => {
        ctxSeen = ctx;
        draws.push(ctx.random.next(), ctx.random.next());
        return ctx.decide({ hot: true, score: 1 });
      }),
    );
    const expected = seededRandom(42);
    expect(draws).toEqual([expected.next(), expected.next()]);
    expect(ctxSeen?.clock.iso()).toBe('2025-03-01T10:00:00.000Z');
    expect(ctxSeen?.loop).toBe('signup-triage');
    expect(ctxSeen?.configVersion).toBe('cfg_1');
    expect(ctxSeen?.subject).toBe('lead:1');
    expect(ctxSeen?.records).toBe(records);
  });
});
