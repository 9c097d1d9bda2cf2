import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateSampleData } from '../../sample-data/index.js';
import { type CalibrationRow, calibrate } from './calibrate.js';
import { calibrationHistory, outcomeOf } from './calibration-history.js';
import { applyPatches } from './calibration-patch.js';
import { QualifyConfig } from './config.js';
import { recalibrationFindings } from './recalibrate.js';

const acmeFile = new URL('../../../examples/acme/loops/qualify.yaml', import.meta.url);
const { loop: _loop, ...acmeYaml } = parse(readFileSync(acmeFile, 'utf8')) as Record<string, unknown>;
const acme = QualifyConfig.parse(acmeYaml);
const AS_OF = '2025-01-01T00:00:00.000Z';

/** Seeded synthetic history: sample leads whose conversion follows fit and engagement, as lead records. */
function history(leads: number, seed: number, days = 365): CalibrationRow[] {
  const data = generateSampleData({
    leads,
    accounts: Math.ceil(leads / 4),
    reps: 12,
    seed,
    asOf: AS_OF,
    days,
  });
  const records = [...data.leads()].map(({ lead, outcome }) => ({
    id: lead.id,
    values: JSON.parse(JSON.stringify({ ...lead, converted: outcome.converted })),
  }));
  return calibrationHistory(records, 'converted', new Date(AS_OF)).rows;
}

const rows = history(2500, 11);
const options = acme.proposals.recalibrate;

/** The acme model gone stale: country weighs three times too much, seniority and web activity far too little. */
const stale = QualifyConfig.parse({
  ...acmeYaml,
  factors: acme.factors.map((f) => {
    const times = (m: number) => (p: { points: number }) => ({ ...p, points: Math.round(p.points * m) });
    if (f.name === 'country' && f.values)
      return { ...f, values: Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, v * 3])) };
    if (f.name === 'seniority' && f.keywords) return { ...f, keywords: f.keywords.map(times(0.25)) };
    if (f.name === 'web-activity' && f.decay)
      return { ...f, decay: { ...f.decay, activities: f.decay.activities.map(times(1 / 3)) } };
    return f;
  }),
});

describe('calibrate: fit on outcomes, backtest on held-back leads', () => {
  const current = calibrate(acme, rows, options);
  const report = calibrate(stale, rows, options);

  it('the acme model ranks converting leads well above chance; a refit that does not help is not proposed', () => {
    expect(current.before.leads).toBe(750);
    expect(current.train.leads).toBe(1750);
    expect(current.before.auc).toBeGreaterThan(0.7);
    const [a, , , d] = current.before.grades;
    expect(a?.lift).toBeGreaterThan(1.5);
    expect(d?.lift).toBeLessThan(1);
    expect(current.after?.auc).toBeGreaterThan(0.7);
    if (!current.proposed) expect(current.reason).toMatch(/do not beat the current ones/);
  });

  it('repairs a stale model: weights and thresholds that rank held-back leads better, keeping the grade mix', () => {
    expect(report.proposed).toBe(true);
    expect(report.after?.auc ?? 0).toBeGreaterThan((report.before.auc ?? 1) + 0.03);
    const weight = (f: string) => report.weights.find((w) => w.factor === f)?.multiplier ?? Number.NaN;
    expect(weight('country')).toBeLessThan(0.5);
    expect(weight('seniority')).toBeGreaterThan(1.5);
    expect(weight('web-activity')).toBeGreaterThan(1.5);
    const shares = (b: typeof report.before) => b.grades.map((g) => g.share);
    const after = report.after ? shares(report.after) : [];
    shares(report.before).forEach((s, i) => {
      expect(Math.abs(s - (after[i] ?? 0))).toBeLessThan(0.06);
    });
    expect(report.patch.length).toBeGreaterThan(0);
    expect(report.patch.some((p) => p.path.startsWith('grades.thresholds.'))).toBe(true);
    // The patch applies to the config it was made for and the result is a valid config.
    expect(() => QualifyConfig.parse(applyPatches(stale, report.patch))).not.toThrow();
  });

  it('explains every factor: its evidence, coefficient and multiplier', () => {
    const names = [...acme.factors.map((f) => f.name), 'free-email', 'competitor'];
    expect(report.weights.map((w) => w.factor)).toEqual(names);
    expect(report.weights.find((w) => w.factor === 'competitor')).toMatchObject({
      coefficient: null,
      multiplier: 1,
    });
    for (const w of report.weights) {
      expect(w.multiplier).toBeGreaterThanOrEqual(0);
      expect(w.multiplier).toBeLessThanOrEqual(options.maxMultiplier);
      if (w.examples < options.minFactorExamples) expect(w.multiplier).toBe(1);
    }
  });

  it('is reproducible: the same history and seed give the same proposal', () => {
    expect(calibrate(stale, rows, options)).toEqual(report);
  });

  it('does not fit on too few outcomes', () => {
    const few = calibrate(acme, rows.slice(0, 200), options);
    expect(few).toMatchObject({ proposed: false, after: null, patch: [] });
    expect(few.reason).toMatch(/^too few outcomes to fit/);
  });
});

describe('recalibration monitor: current window against the baseline', () => {
  const recent = history(2400, 5, 120);
  const now = new Date(AS_OF);

  it('stays quiet while the scores hold', () => {
    expect(recalibrationFindings(acme, recent, now)).toEqual([]);
  });

  it('proposes a refit, with its backtest as evidence, when the grade mix moves past the threshold', () => {
    const recalibrate = { ...stale.proposals.recalibrate, maxMixShift: 0.0001, maxAucDrop: 1 };
    const strict = QualifyConfig.parse({ ...stale, proposals: { ...stale.proposals, recalibrate } });
    const [finding] = recalibrationFindings(strict, recent, now);
    expect(finding?.feedback).toBe('recalibrate');
    expect(finding?.message).toMatch(/the grade mix moved by/);
    expect(finding?.evidence).toMatchObject({
      baseline: { leads: expect.any(Number) },
      current: { leads: expect.any(Number) },
      calibration: { before: { auc: expect.any(Number) } },
    });
    expect(finding?.severity).toBe('info');
    expect(finding?.patch?.length).toBeGreaterThan(0);
    const calibration = finding?.evidence as {
      calibration: { before: { auc: number }; after: { auc: number } };
    };
    expect(calibration.calibration.after.auc).toBeGreaterThan(calibration.calibration.before.auc);
  });

  it('notices when the score stops telling converting leads apart', () => {
    const cut = now.getTime() - 30 * 86_400_000;
    // In the current window outcomes no longer follow the score: every ninth lead converts, whatever its score.
    const drifted = recent.map((r, i) => (r.at.getTime() >= cut ? { ...r, outcome: i % 9 === 0 } : r));
    const [finding] = recalibrationFindings(acme, drifted, now);
    expect(finding?.message).toMatch(/the score's AUC fell from 0\.\d+ to 0\.\d+/);
  });
});

describe('calibration history from lead records', () => {
  it('reads outcomes as true/false and counts the leads it cannot use', () => {
    expect([true, 'Yes', 'won', 1, '1'].map(outcomeOf)).toEqual([true, true, true, true, true]);
    expect([false, 'no', 'LOST', 0].map(outcomeOf)).toEqual([false, false, false, false]);
    expect(outcomeOf('maybe')).toBeUndefined();
    const h = calibrationHistory(
      [
        { id: 'a', values: { email: 'a@x.io', converted: 'yes', createdAt: '2024-05-01T10:00:00Z' } },
        { id: 'b', values: { email: 'b@x.io' } },
        { id: 'c', values: { email: 'c@x.io', converted: 'perhaps' } },
      ],
      'converted',
      new Date(AS_OF),
    );
    expect(h.rows.map((r) => [r.id, r.outcome, r.at.toISOString(), r.subject.emailDomain])).toEqual([
      ['a', true, '2024-05-01T10:00:00.000Z', 'x.io'],
    ]);
    expect(h).toMatchObject({ withoutOutcome: 1, unreadable: { count: 1, examples: ['c: "perhaps"'] } });
  });
});
