import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { baseMetrics, defineLoop, type RevloopsError } from '../kernel/index.js';
import { qualifyLoop } from '../loops/qualify/loop.js';
import { routeLoop } from '../loops/route/loop.js';
import { invertPatches } from './config-patch.js';
import { patchLoopFile } from './yaml-patch.js';

const qualifyText = readFileSync('examples/acme/loops/qualify.yaml', 'utf8');
const routeText = readFileSync('examples/acme/loops/route.yaml', 'utf8');
const configOf = (text: string, schema: z.ZodType) => {
  const { loop: _l, ...rest } = parse(text) as Record<string, unknown>;
  return schema.parse(rest);
};
const changedLines = (a: string, b: string) => {
  const x = a.split('\n');
  const y = b.split('\n');
  return y.map((l, i) => [i + 1, x[i], l] as const).filter(([, before, after]) => before !== after);
};

describe('patching a loop file', () => {
  it('changes one number in a flow map and nothing else, comments and layout intact', () => {
    const config = configOf(qualifyText, qualifyLoop.config);
    const r = patchLoopFile({
      loop: qualifyLoop,
      file: 'loops/qualify.yaml',
      text: qualifyText,
      config,
      patches: [{ path: 'grades.thresholds.0.min', from: 80, to: 90 }],
    });
    expect(changedLines(qualifyText, r.text)).toEqual([
      [19, '    - { grade: A, min: 80, minFit: 40 }', '    - { grade: A, min: 90, minFit: 40 }'],
    ]);
    expect(r.text).toContain("# Acme's lead scoring model.");
    expect(r.diff).toContain(
      '-    - { grade: A, min: 80, minFit: 40 }\n+    - { grade: A, min: 90, minFit: 40 }',
    );
    expect((r.config as { grades: { thresholds: { min: number }[] } }).grades.thresholds[0]?.min).toBe(90);
    // The inverse patch gives the original text back, byte for byte.
    const back = patchLoopFile({
      loop: qualifyLoop,
      file: 'loops/qualify.yaml',
      text: r.text,
      config: r.config,
      patches: invertPatches([{ path: 'grades.thresholds.0.min', from: 80, to: 90 }]),
    });
    expect(back.text).toBe(qualifyText);
  });

  it('edits a map entry by entry, keeps multi-line flow maps, and adds fields the file leaves to defaults', () => {
    const config = configOf(routeText, routeLoop.config);
    const r = patchLoopFile({
      loop: routeLoop,
      file: 'loops/route.yaml',
      text: routeText,
      config,
      patches: [
        { path: 'pools.na-commercial.capPerDay', from: 12, to: 15 },
        {
          path: 'pools.na-enterprise.weights',
          from: { 'u-eli': 2, 'u-fay': 1 },
          to: { 'u-eli': 2, 'u-fay': 2 },
        },
        { path: 'monitors.slaBreaches.maxShare', from: 0.15, to: 0.3 },
      ],
    });
    const changes = changedLines(routeText, r.text);
    expect(changes.slice(0, 2)).toEqual([
      [124, '    capPerDay: 12', '    capPerDay: 15'],
      [130, '    weights: { u-eli: 2, u-fay: 1 }', '    weights: { u-eli: 2, u-fay: 2 }'],
    ]);
    expect(r.text).toContain('          labels:\n            {\n              US: NA,');
    expect(
      r.text.endsWith('defaultTimezone: America/New_York\nmonitors:\n  slaBreaches:\n    maxShare: 0.3\n'),
    ).toBe(true);
    expect(
      (r.config as { monitors: { slaBreaches: { maxShare: number } } }).monitors.slaBreaches.maxShare,
    ).toBe(0.3);
  });

  it('refuses a change that breaks the config or that was made against other values, naming the field', () => {
    const config = configOf(qualifyText, qualifyLoop.config);
    const run = (patch: { path: string; from: number; to: number }) =>
      patchLoopFile({
        loop: qualifyLoop,
        file: 'loops/qualify.yaml',
        text: qualifyText,
        config,
        patches: [patch],
      });
    const invalid = (() => {
      try {
        run({ path: 'grades.thresholds.1.min', from: 60, to: 85 });
      } catch (e) {
        return e as RevloopsError;
      }
    })();
    expect(invalid?.code).toBe('CONFIG_INVALID');
    expect(invalid?.issues[0]).toMatchObject({ file: 'loops/qualify.yaml', path: 'grades.thresholds.1.min' });
    expect(() => run({ path: 'grades.thresholds.0.min', from: 70, to: 90 })).toThrow(/is 80 now, not 70/);
  });

  it('appends to lists and removes keys in block and flow style', () => {
    const Schema = z.strictObject({
      items: z.array(z.strictObject({ name: z.string(), n: z.number() })),
      tags: z.array(z.string()),
      opts: z.strictObject({ a: z.number().optional(), b: z.number().optional() }),
    });
    const loop = defineLoop({
      name: 'yaml-fixture',
      version: '1.0.0',
      description: 'a fixture',
      archetypes: ['event'],
      config: Schema,
      triggers: [{ kind: 'event', on: 'x.created' }],
      input: z.unknown(),
      output: z.unknown(),
      outputs: ['decision'],
      run: (ctx) => ctx.decide({}),
      metrics: baseMetrics,
      feedback: [{ name: 'f', description: 'f', level: 2, reads: [], evaluate: () => [] }],
    });
    const text =
      'loop: yaml-fixture\n# items\nitems:\n  - name: a # first\n    n: 1\ntags: [x, y]\nopts:\n  a: 1 # keep\n  b: 2\n';
    const config = configOf(text, Schema);
    const r = patchLoopFile({
      loop,
      file: 'loops/yaml-fixture.yaml',
      text,
      config,
      patches: [
        { path: 'items.1', from: null, to: { name: 'b', n: 2 } },
        { path: 'tags', from: ['x', 'y'], to: ['x', 'y', 'z w'] },
        { path: 'opts', from: { a: 1, b: 2 }, to: { a: 3 } },
      ],
    });
    expect(r.text).toBe(
      'loop: yaml-fixture\n# items\nitems:\n  - name: a # first\n    n: 1\n  - name: b\n    n: 2\ntags: [x, y, z w]\nopts:\n  a: 3 # keep\n',
    );
  });
});
