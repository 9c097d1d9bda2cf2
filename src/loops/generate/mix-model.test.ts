import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  type AgentGateway,
  baseMetrics,
  defineLoop,
  executeLoop,
  type RecordReader,
  type RunResult,
} from '../../kernel/index.js';
import { workspaceLookups } from '../../runtime/lookups.js';
import { MixConfig } from './mix-config.js';
import {
  fitPower,
  fitSaturating,
  type MixOutput,
  MixOutput as MixOutputSchema,
  MixScenario,
  marginal,
  modelChannelMix,
  predict,
} from './mix-model.js';

const noRecords: RecordReader = {
  get: async () => null,
  find: async () => [],
  count: async () => 0,
};
const agents: AgentGateway = {
  ask: async (task) => {
    throw new Error(`the mix model asks no agent, yet ${task.name} was asked`);
  },
};

/** The smallest modeling loop around the mix model, run through the kernel. */
const Config = z.strictObject({ mix: MixConfig.default(MixConfig.parse({})) });
const harness = defineLoop({
  name: 'mix-harness',
  version: '1.0.0',
  description: 'Runs the channel-mix model alone.',
  archetypes: ['modeling'],
  config: Config,
  triggers: [{ kind: 'model' }],
  input: MixScenario,
  output: MixOutputSchema,
  outputs: ['decision'],
  run: modelChannelMix,
  metrics: baseMetrics,
  feedback: [
    { name: 'none', description: 'Watches nothing.', level: 1, reads: ['decisions'], evaluate: () => [] },
  ],
});

const ACME = new URL('../../../examples/acme', import.meta.url).pathname;

function run(scenario: unknown, name: string, dir = ACME, mix: unknown = {}): Promise<RunResult> {
  return executeLoop({
    loop: harness,
    config: Config.parse({ mix }),
    configVersion: 'test',
    input: scenario,
    subject: `scenario:${name}`,
    idBase: 'dec-1',
    now: '2026-11-24T12:00:00.000Z',
    seed: 1,
    records: noRecords,
    agents,
    lookups: workspaceLookups(dir),
    eventType: 'model.run',
  });
}

const scenarioFile = (name: string) =>
  parse(readFileSync(join(ACME, 'scenarios', name, 'generate.yaml'), 'utf8')) as unknown;

describe('response curves', () => {
  it('least squares on the logs recovers a power curve', () => {
    const points = [1000, 2000, 5000, 8000, 13000].map((s) => ({ spend: s, pipeline: 50 * s ** 0.7 }));
    const fit = fitPower(points);
    expect(fit?.a).toBeCloseTo(50, 6);
    expect(fit?.b).toBeCloseTo(0.7, 9);
    expect(fit?.r2).toBeCloseTo(1, 9);
    expect(fit?.points).toBe(5);
  });

  it('the grid and golden-section search recover a saturating curve', () => {
    const truth = { curve: 'saturating' as const, a: 400_000, b: 1 / 30_000 };
    const points = [0, 5000, 12_000, 20_000, 31_000, 45_000, 60_000].map((s) => ({
      spend: s,
      pipeline: predict(truth, s),
    }));
    const fit = fitSaturating(points);
    expect((fit?.a ?? 0) / truth.a).toBeCloseTo(1, 4);
    expect((fit?.b ?? 0) / truth.b).toBeCloseTo(1, 4);
    expect(fit?.r2).toBeCloseTo(1, 8);
    expect(marginal(truth, 0)).toBeCloseTo(truth.a * truth.b, 9);
  });

  it('will not fit a history whose spend never changes', () => {
    const flat = [1, 2, 3].map((i) => ({ spend: 500, pipeline: 1000 * i }));
    expect(fitPower(flat)).toBeNull();
    expect(fitSaturating(flat)).toBeNull();
  });
});

describe('channel-mix model on the acme history', () => {
  it('fits every channel with history and predicts expected pipeline for a budget', async () => {
    const r = await run(scenarioFile('fy27'), 'fy27');
    const out = r.decided.output as MixOutput;
    expect(out.scenario).toBe('fy27');
    expect(Object.keys(out.channels)).toEqual([
      'content',
      'email',
      'event',
      'paid-search',
      'paid-social',
      'webinar',
    ]);
    for (const [channel, c] of Object.entries(out.channels)) {
      expect(c.fit.points, channel).toBeGreaterThanOrEqual(18);
      expect(c.fit.r2, channel).toBeGreaterThan(0.6);
      expect(c.expectedPipeline, channel).toBeGreaterThan(0);
    }
    const sum = Object.values(out.channels).reduce((s, c) => s + c.expectedPipeline, 0);
    expect(out.total.expectedPipeline).toBe(sum);
    expect(out.total.budget).toBe(1_002_000);
    expect(out.unfitted).toEqual([]);
    const fits = r.trace.filter((e) => e.kind === 'rule' && e.rule.startsWith('fit '));
    expect(fits).toHaveLength(6);
    expect(fits[0]).toMatchObject({
      matched: true,
      detail: { points: expect.any(Number), r2: expect.any(Number) },
    });
    expect(r.effects).toEqual([]);
  });

  it('more budget in a channel brings more pipeline, with diminishing returns; a channel without history is not modeled', async () => {
    const a = (await run(scenarioFile('fy27'), 'fy27')).decided.output as MixOutput;
    const b = (await run(scenarioFile('fy27-emea-expansion'), 'fy27-emea-expansion')).decided
      .output as MixOutput;
    for (const ch of ['event', 'paid-social', 'paid-search', 'webinar']) {
      const ca = a.channels[ch];
      const cb = b.channels[ch];
      expect(cb?.expectedPipeline, ch).toBeGreaterThan(ca?.expectedPipeline ?? Number.POSITIVE_INFINITY);
      expect(cb?.roi ?? 0, ch).toBeLessThan(ca?.roi ?? 0);
      expect(cb?.marginalRoi ?? 0, ch).toBeLessThan(ca?.marginalRoi ?? 0);
    }
    expect(b.channels.email).toEqual(a.channels.email);
    expect(b.unfitted).toEqual([
      { channel: 'partner', budget: 60_000, reason: expect.stringMatching(/0 usable/) },
    ]);
    expect(b.total.expectedPipeline).toBeGreaterThan(a.total.expectedPipeline);
  });

  it('the power family fits the same history too, and a scenario may choose it', async () => {
    const r = await run({ budget: { webinar: 72_000 }, curve: 'power' }, 'p');
    const out = r.decided.output as MixOutput;
    expect(out.curve).toBe('power');
    expect(out.channels.webinar?.fit.b).toBeGreaterThan(0);
    expect(out.channels.webinar?.fit.b).toBeLessThan(1);
    expect(out.horizonMonths).toBe(12);
  });

  it('rejects a scenario without a budget, with the path', () => {
    const bad = MixScenario.safeParse({ budget: {} });
    expect(bad.success).toBe(false);
    expect(MixScenario.safeParse({ budget: { email: -1 } }).error?.issues[0]?.path).toEqual([
      'budget',
      'email',
    ]);
  });
});

describe('channel-mix model on a thin history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'data'));
  writeFileSync(
    join(dir, 'data', 'spend.csv'),
    [
      'month,source,cost,pipe',
      '2026-01,email,1000,9000',
      '2026-02,email,2000,15000',
      '2026-03,email,n/a,15000',
      '2026-04,email,3000,19000',
      '2026-01,event,5000,10000',
      '2026-02,event,5000,12000',
      '2026-03,event,5000,11000',
    ].join('\n'),
  );
  const mix = {
    minPoints: 3,
    history: {
      file: 'spend.csv',
      periodColumn: 'month',
      channelColumn: 'source',
      spendColumn: 'cost',
      pipelineColumn: 'pipe',
    },
  };

  it('reads the configured columns, skips rows that are not numbers, and says why a channel is not modeled', async () => {
    const r = await run({ budget: { email: 36_000, event: 60_000 }, horizonMonths: 12 }, 'thin', dir, mix);
    const out = r.decided.output as MixOutput;
    expect(out.channels.email?.fit.points).toBe(3);
    expect(out.unfitted).toEqual([
      {
        channel: 'event',
        budget: 60_000,
        reason: 'the history does not vary enough in spend to fit a saturating curve',
      },
    ]);
    expect(r.trace.find((e) => e.kind === 'rule' && e.rule === 'fit email')).toMatchObject({
      detail: { skipped: 1 },
    });
    expect(r.decided.reasons.join(' ')).toContain('event not modeled');
  });

  it('says which column holds no numbers when a misnamed column leaves no usable period', async () => {
    const misnamed = { ...mix, history: { ...mix.history, spendColumn: 'spend' } };
    const r = await run({ budget: { email: 36_000, partner: 1000 } }, 'misnamed', dir, misnamed);
    expect((r.decided.output as MixOutput).unfitted).toEqual([
      {
        channel: 'email',
        budget: 36_000,
        reason:
          '0 usable period(s) of history, 3 needed: 4 of 4 row(s) for email left out (4 with no number in spend column "spend")',
      },
      {
        channel: 'partner',
        budget: 1000,
        reason: '0 usable period(s) of history, 3 needed: no row of spend.csv has source "partner"',
      },
    ]);
  });

  it('says when the history file cannot be read', async () => {
    const r = await run({ budget: { email: 1000 } }, 'missing', dir, { history: { file: 'none.csv' } });
    expect((r.decided.output as MixOutput).unfitted[0]?.reason).toMatch(/history could not be read/);
    expect(r.decided.confidence).toBe(0);
  });
});
