import { Matrix, solve } from 'ml-matrix';
import { z } from 'zod';
import type { Decided, LookupGateway, LoopContext } from '../../kernel/index.js';
import { type Curve, Curve as CurveSchema, type MixConfig } from './mix-config.js';

/** A channel-mix scenario: budget by channel over a horizon (scenarios/<name>/generate.yaml). */
export const MixScenario = z
  .strictObject({
    description: z.string().optional().describe('What the scenario is about.'),
    horizonMonths: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(12)
      .describe('The months the budget is spent over, evenly.'),
    budget: z
      .record(z.string().min(1), z.number().nonnegative())
      .refine((b) => Object.keys(b).length > 0, { message: 'name at least one channel' })
      .describe('Spend by channel over the whole horizon, e.g. { paid-search: 240000, webinar: 60000 }.'),
    curve: CurveSchema.optional().describe('The curve family for this scenario (default: the config’s).'),
  })
  .describe('A channel-mix scenario: budget by channel over a horizon.');

/** A parsed mix scenario. */
export type MixScenario = z.infer<typeof MixScenario>;

/** One period of a channel's history. */
export interface MixPoint {
  spend: number;
  pipeline: number;
}

/** A fitted response curve. */
export interface CurveFit {
  curve: Curve;
  a: number;
  b: number;
  r2: number;
  points: number;
}

/** Pipeline a curve predicts for a period's spend. */
export function predict(fit: Pick<CurveFit, 'curve' | 'a' | 'b'>, spend: number): number {
  if (spend <= 0) return 0;
  return fit.curve === 'power' ? fit.a * spend ** fit.b : fit.a * (1 - Math.exp(-fit.b * spend));
}

/** Extra pipeline per extra unit of spend at a spend level (the curve's slope). */
export function marginal(fit: Pick<CurveFit, 'curve' | 'a' | 'b'>, spend: number): number {
  if (fit.curve === 'power')
    return spend <= 0 ? Number.POSITIVE_INFINITY : fit.a * fit.b * spend ** (fit.b - 1);
  return fit.a * fit.b * Math.exp(-fit.b * Math.max(0, spend));
}

/** The share of the pipeline's variance a fit explains, on the original scale. */
function rSquared(points: readonly MixPoint[], f: (spend: number) => number): number {
  const n = points.length;
  if (n === 0) return 0;
  const mean = points.reduce((s, p) => s + p.pipeline, 0) / n;
  let res = 0;
  let tot = 0;
  for (const p of points) {
    res += (p.pipeline - f(p.spend)) ** 2;
    tot += (p.pipeline - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/**
 * Fits pipeline = a·spend^b by least squares on the logs (ln y = ln a + b·ln x), solved with
 * ml-matrix. Periods with no spend or no pipeline have no logarithm and are left out.
 */
export function fitPower(points: readonly MixPoint[]): CurveFit | null {
  const usable = points.filter((p) => p.spend > 0 && p.pipeline > 0);
  if (usable.length < 2 || new Set(usable.map((p) => p.spend)).size < 2) return null;
  const x = new Matrix(usable.map((p) => [1, Math.log(p.spend)]));
  const y = Matrix.columnVector(usable.map((p) => Math.log(p.pipeline)));
  const beta = solve(x, y);
  const a = Math.exp(beta.get(0, 0));
  const b = beta.get(1, 0);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const fit = { curve: 'power' as const, a, b };
  return { ...fit, r2: rSquared(usable, (s) => predict(fit, s)), points: usable.length };
}

/** For a fixed rate b, the ceiling a that minimises the squared error (least squares on one column). */
function ceilingFor(points: readonly MixPoint[], b: number): { a: number; sse: number } {
  const f = Matrix.columnVector(points.map((p) => 1 - Math.exp(-b * p.spend)));
  const y = Matrix.columnVector(points.map((p) => p.pipeline));
  const ff = f.transpose().mmul(f).get(0, 0);
  const a = ff === 0 ? 0 : Math.max(0, f.transpose().mmul(y).get(0, 0) / ff);
  const sse = points.reduce((s, p, i) => s + (p.pipeline - a * f.get(i, 0)) ** 2, 0);
  return { a, sse };
}

const GRID = 240;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Fits pipeline = a·(1 − e^(−b·spend)) by least squares: for each rate b the best ceiling a is
 * exact, so the fit searches b on a log grid around the spend scale, then narrows it by
 * golden-section search. Deterministic: the same history always gives the same curve.
 */
export function fitSaturating(points: readonly MixPoint[]): CurveFit | null {
  const usable = points.filter((p) => p.spend >= 0 && Number.isFinite(p.pipeline));
  const spends = usable.filter((p) => p.spend > 0).map((p) => p.spend);
  if (usable.length < 2 || new Set(spends).size < 2) return null;
  const scale = spends.reduce((s, x) => s + x, 0) / spends.length;
  const lo = Math.log(1e-3 / scale);
  const hi = Math.log(20 / scale);
  let best = { i: 0, sse: Number.POSITIVE_INFINITY };
  const at = (i: number) => Math.exp(lo + ((hi - lo) * i) / GRID);
  for (let i = 0; i <= GRID; i++) {
    const { sse } = ceilingFor(usable, at(i));
    if (sse < best.sse) best = { i, sse };
  }
  let left = Math.log(at(Math.max(0, best.i - 1)));
  let right = Math.log(at(Math.min(GRID, best.i + 1)));
  const sseAt = (lb: number) => ceilingFor(usable, Math.exp(lb)).sse;
  for (let k = 0; k < 60; k++) {
    const m1 = right - GOLDEN * (right - left);
    const m2 = left + GOLDEN * (right - left);
    if (sseAt(m1) <= sseAt(m2)) right = m2;
    else left = m1;
  }
  const b = Math.exp((left + right) / 2);
  const { a } = ceilingFor(usable, b);
  const fit = { curve: 'saturating' as const, a, b };
  return { ...fit, r2: rSquared(usable, (s) => predict(fit, s)), points: usable.length };
}

/** Fits a channel's history with a curve family. */
function fitCurve(curve: Curve, points: readonly MixPoint[]): CurveFit | null {
  return curve === 'power' ? fitPower(points) : fitSaturating(points);
}

const round = (n: number, places = 0) => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

const ChannelResult = z.strictObject({
  budget: z.number(),
  perMonth: z.number(),
  expectedPipeline: z.number(),
  roi: z.number().nullable(),
  marginalRoi: z.number().nullable(),
  fit: z.strictObject({
    curve: z.string(),
    a: z.number(),
    b: z.number(),
    r2: z.number(),
    points: z.number().int(),
    weak: z.boolean(),
  }),
  beyondHistory: z.boolean(),
});

/** What a channel-mix model run records: expected pipeline by channel and in total. */
export const MixOutput = z
  .strictObject({
    kind: z.literal('mix'),
    scenario: z.string().nullable(),
    horizonMonths: z.number().int(),
    curve: z.string(),
    channels: z.record(z.string(), ChannelResult),
    total: z.strictObject({
      budget: z.number(),
      expectedPipeline: z.number(),
      roi: z.number().nullable(),
    }),
    unfitted: z.array(z.strictObject({ channel: z.string(), budget: z.number(), reason: z.string() })),
  })
  .describe('Expected pipeline of a channel-mix scenario, by channel and in total.');

/** A parsed mix output. */
export type MixOutput = z.infer<typeof MixOutput>;

function number(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** One channel's history: the usable periods, and the rows left out with why. */
interface ChannelHistory {
  points: MixPoint[];
  rows: number;
  skipped: number;
  /** Why rows were left out, e.g. `24 with no number in spend column "cost"`. */
  why: string[];
}

/** Reads one channel's history through the lookup gateway (recorded, so replay sees the same rows). */
async function history(
  lookup: LookupGateway,
  h: MixConfig['history'],
  channel: string,
): Promise<ChannelHistory | { error: string }> {
  const found = await lookup.file({
    file: h.file,
    match: [{ column: h.channelColumn, value: channel, mode: 'exact' }],
    limit: h.maxRows,
  });
  if (!found.ok) return { error: found.reason };
  const rows = found.rows
    .map((r) => ({
      period: String(r.values[h.periodColumn] ?? ''),
      spend: number(r.values[h.spendColumn]),
      pipeline: number(r.values[h.pipelineColumn]),
    }))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const points = rows
    .filter((r) => r.spend !== null && r.pipeline !== null && r.spend >= 0 && r.pipeline >= 0)
    .map((r) => ({ spend: r.spend as number, pipeline: r.pipeline as number }));
  const why: string[] = [];
  for (const [column, key] of [
    [h.spendColumn, 'spend'],
    [h.pipelineColumn, 'pipeline'],
  ] as const) {
    const missing = rows.filter((r) => r[key] === null).length;
    const negative = rows.filter((r) => r[key] !== null && (r[key] as number) < 0).length;
    if (missing > 0) why.push(`${missing} with no number in ${key} column "${column}"`);
    if (negative > 0) why.push(`${negative} with a negative ${key}`);
  }
  return { points, rows: rows.length, skipped: rows.length - points.length, why };
}

/** Why a channel's history is too short to fit, in words a person can act on. */
function tooShort(read: ChannelHistory, h: MixConfig['history'], channel: string, needed: number): string {
  const head = `${read.points.length} usable period(s) of history, ${needed} needed`;
  if (read.rows === 0) return `${head}: no row of ${h.file} has ${h.channelColumn} "${channel}"`;
  if (read.skipped === 0) return `${head}: ${read.rows} row(s) for ${channel} in ${h.file}`;
  return `${head}: ${read.skipped} of ${read.rows} row(s) for ${channel} left out (${read.why.join('; ')})`;
}

/**
 * Models a channel-mix scenario: fits a response curve per channel on its spend and pipeline
 * history, then predicts the pipeline each channel's budget is expected to bring over the horizon
 * (the budget spent evenly by month), with the fit quality of each curve in the trace.
 */
export async function modelChannelMix<C extends { mix: MixConfig }>(
  ctx: LoopContext<C>,
  input: MixScenario,
): Promise<Decided<MixOutput>> {
  const scenario = MixScenario.parse(input);
  const config = ctx.config.mix;
  const curve = scenario.curve ?? config.curve;
  const months = scenario.horizonMonths;
  const name = ctx.subject?.startsWith('scenario:') ? ctx.subject.slice('scenario:'.length) : null;
  const output: MixOutput = {
    kind: 'mix',
    scenario: name,
    horizonMonths: months,
    curve,
    channels: {},
    total: { budget: 0, expectedPipeline: 0, roi: null },
    unfitted: [],
  };
  ctx.trace.step('scenario', { scenario: name, horizonMonths: months, curve, history: config.history.file });
  let fittedBudget = 0;
  let weighted = 0;
  const weak: string[] = [];
  for (const channel of Object.keys(scenario.budget).sort()) {
    const budget = scenario.budget[channel] ?? 0;
    output.total.budget += budget;
    const read = await history(ctx.lookup, config.history, channel);
    const unfitted = (reason: string) => {
      output.unfitted.push({ channel, budget, reason });
      ctx.trace.rule(`fit ${channel}`, false, reason);
    };
    if ('error' in read) {
      unfitted(`history could not be read: ${read.error}`);
      continue;
    }
    if (read.points.length < config.minPoints) {
      unfitted(tooShort(read, config.history, channel, config.minPoints));
      continue;
    }
    const fit = fitCurve(curve, read.points);
    if (!fit) {
      unfitted(`the history does not vary enough in spend to fit a ${curve} curve`);
      continue;
    }
    const perMonth = budget / months;
    const expected = months * predict(fit, perMonth);
    const slope = marginal(fit, perMonth);
    const maxSpend = Math.max(...read.points.map((p) => p.spend));
    const result = {
      budget,
      perMonth: round(perMonth, 2),
      expectedPipeline: round(expected),
      roi: budget > 0 ? round(expected / budget, 3) : null,
      marginalRoi: Number.isFinite(slope) ? round(slope, 3) : null,
      fit: {
        curve,
        a: round(fit.a, 6),
        b: round(fit.b, 9),
        r2: round(fit.r2, 4),
        points: fit.points,
        weak: fit.r2 < config.minR2,
      },
      beyondHistory: perMonth > maxSpend,
    };
    output.channels[channel] = result;
    if (result.fit.weak) weak.push(channel);
    ctx.trace.rule(
      `fit ${channel}`,
      true,
      `${curve} curve on ${fit.points} period(s): R² ${result.fit.r2}${result.fit.weak ? ` (below ${config.minR2}: weak)` : ''}`,
      {
        a: result.fit.a,
        b: result.fit.b,
        r2: result.fit.r2,
        points: fit.points,
        skipped: read.skipped,
        maxMonthlySpend: maxSpend,
      },
    );
    ctx.trace.factor(
      channel,
      budget,
      result.expectedPipeline,
      `${round(perMonth)} a month for ${months} month(s)${result.beyondHistory ? ', beyond the highest month in history' : ''}; marginal ${result.marginalRoi ?? '-'} pipeline per unit`,
      'expected-pipeline',
    );
    output.total.expectedPipeline += result.expectedPipeline;
    fittedBudget += budget;
    weighted += budget * Math.max(0, Math.min(1, fit.r2));
  }
  output.total.roi =
    output.total.budget > 0 ? round(output.total.expectedPipeline / output.total.budget, 3) : null;
  ctx.trace.step('total', {
    budget: output.total.budget,
    expectedPipeline: output.total.expectedPipeline,
    fitted: Object.keys(output.channels).length,
    unfitted: output.unfitted.length,
  });
  const confidence =
    output.total.budget > 0 ? round(weighted / output.total.budget, 4) : fittedBudget === 0 ? 0 : 1;
  return ctx.decide(output, {
    confidence,
    ...(ctx.subject ? { subject: ctx.subject } : {}),
    reasons: [
      `expected pipeline ${output.total.expectedPipeline} from ${output.total.budget} over ${months} month(s)`,
      ...output.unfitted.map((u) => `${u.channel} not modeled: ${u.reason}`),
      ...(weak.length > 0 ? [`weak fit (R² below ${config.minR2}): ${weak.join(', ')}`] : []),
    ],
  });
}
