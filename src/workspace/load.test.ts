import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyLoop, baseMetrics, defineLoop, RevloopsError } from '../kernel/index.js';
import { loadWorkspace } from './load.js';

const Lead = z.object({ id: z.string(), email: z.string() });

function loop(
  name: string,
  opts: { on: string; emits?: { type: string; schema: z.ZodType }[]; input?: z.ZodType },
) {
  return defineLoop({
    name,
    version: '1.0.0',
    description: `${name} test loop`,
    archetypes: ['event'],
    config: z.strictObject({
      threshold: z.number().default(50).describe('A threshold.'),
      grades: z
        .strictObject({ A: z.number().describe('A from') })
        .optional()
        .describe('Grades.'),
    }),
    triggers: [{ kind: 'event', on: opts.on }],
    input: opts.input ?? Lead,
    output: z.object({}),
    outputs: opts.emits ? ['decision', 'handoff'] : ['decision'],
    emits: (opts.emits ?? []).map((e) => ({ ...e, description: e.type })),
    run: (ctx) => ctx.decide({}),
    metrics: baseMetrics,
    feedback: [
      { name: 'noop', description: 'reads volume', level: 2, reads: ['decisions'], evaluate: () => [] },
    ],
  });
}

const scorer = loop('scorer', {
  on: 'lead.created',
  emits: [
    { type: 'lead.scored', schema: z.object({ id: z.string(), email: z.string(), score: z.number() }) },
  ],
});
const router = loop('router', { on: 'lead.scored', input: z.object({ id: z.string(), score: z.number() }) });
/** A loop whose config has a required field, so it cannot run on defaults. */
const queued = defineLoop({
  name: 'queued',
  version: '1.0.0',
  description: 'queued test loop',
  archetypes: ['event'],
  config: z.strictObject({ queue: z.string().describe('A queue.') }),
  triggers: [{ kind: 'event', on: 'lead.scored' }],
  input: z.object({ id: z.string() }),
  output: z.object({}),
  outputs: ['decision'],
  emits: [],
  run: (ctx) => ctx.decide({}),
  metrics: baseMetrics,
  feedback: [
    { name: 'noop', description: 'reads volume', level: 2, reads: ['decisions'], evaluate: () => [] },
  ],
});
const picky = loop('picky', { on: 'lead.scored', input: z.object({ id: z.string(), region: z.string() }) });

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function workspace(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'rl-ws-'));
  mkdirSync(join(dir, 'loops'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function problems(d: string, loops: readonly AnyLoop[] = [scorer, router, picky]) {
  try {
    await loadWorkspace(d, { loops });
  } catch (err) {
    expect(err).toBeInstanceOf(RevloopsError);
    return (err as RevloopsError).issues;
  }
  throw new Error('expected the workspace to be refused');
}

describe('loadWorkspace', () => {
  it('loads a valid workspace with defaults, versions and chains', async () => {
    const d = workspace({
      'revloops.yaml':
        'name: acme\nloops: [scorer, router]\nchains:\n  - name: demand\n    loops: [scorer, router]\n',
      'loops/scorer.yaml': 'loop: scorer\nthreshold: 70\n',
    });
    const ws = await loadWorkspace(d, { loops: [scorer, router] });
    expect(ws.config.store).toEqual({ kind: 'sqlite', path: '.revloops/revloops.db' });
    expect(ws.loops.get('scorer')?.config).toEqual({ threshold: 70 });
    expect(ws.loops.get('router')?.source).toBe('(defaults)');
    expect(ws.loops.get('scorer')?.version).toMatch(/^[0-9a-f]{64}$/);
    expect(ws.loops.get('scorer')?.version).not.toBe(ws.loops.get('router')?.version);
  });

  it('locates a wrong type at file:line:column with its path', async () => {
    const d = workspace({
      'revloops.yaml': 'name: acme\nloops: [scorer]\n',
      'loops/scorer.yaml': 'loop: scorer\ngrades:\n  A: "eighty"\n',
    });
    expect(await problems(d)).toEqual([
      {
        file: 'loops/scorer.yaml',
        line: 3,
        column: 6,
        path: 'grades.A',
        message: 'Invalid input: expected number, received string',
      },
    ]);
  });

  it('names unknown fields and a missing loop key', async () => {
    const d = workspace({
      'revloops.yaml': 'name: acme\nloops: [scorer, router]\n',
      'loops/scorer.yaml': 'loop: scorer\nthreshhold: 3\n',
      'loops/router.yaml': 'threshold: 3\n',
    });
    const issues = await problems(d);
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: 'loops/router.yaml',
        path: 'loop',
        message: 'expected "loop: router" (the file configures loop router)',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: 'loops/scorer.yaml',
        line: 1,
        message: expect.stringContaining('unknown field(s) threshhold'),
      }),
    );
  });

  it('reports an error in a loop file once, not also as a missing file', async () => {
    const d = workspace({
      'revloops.yaml': 'name: acme\nloops: [scorer, queued]\n',
      'loops/queued.yaml': 'loop: queued\nqueue: 7\n',
    });
    expect(await problems(d, [scorer, queued])).toEqual([
      {
        file: 'loops/queued.yaml',
        line: 2,
        column: 8,
        path: 'queue',
        message: 'Invalid input: expected string, received number',
      },
    ]);
    const absent = workspace({ 'revloops.yaml': 'name: acme\nloops: [scorer, queued]\n' });
    expect(await problems(absent, [scorer, queued])).toEqual([
      expect.objectContaining({
        file: 'revloops.yaml',
        path: 'loops.1',
        message: 'loop queued needs loops/queued.yaml: its config has required fields',
      }),
    ]);
  });

  it('reports YAML syntax errors with their position', async () => {
    const d = workspace({ 'revloops.yaml': 'name: acme\nloops: [scorer\n' });
    const issues = await problems(d);
    expect(issues[0]).toMatchObject({ file: 'revloops.yaml', path: '' });
    expect(issues[0]?.line).toBeGreaterThanOrEqual(2);
    expect(issues[0]?.message).toMatch(/^YAML syntax/);
  });

  it('refuses unknown loops, in revloops.yaml and as files', async () => {
    const d = workspace({
      'revloops.yaml': 'name: acme\nloops:\n  - scorer\n  - nobody\n',
      'loops/ghost.yaml': 'loop: ghost\n',
    });
    const issues = await problems(d);
    expect(issues).toContainEqual(
      expect.objectContaining({ file: 'revloops.yaml', line: 4, column: 5, path: 'loops.1' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: 'loops/ghost.yaml',
        message: expect.stringContaining('no loop named ghost'),
      }),
    );
  });

  it('names a plug-in folder revloops.yaml lists that is not there, at its line', async () => {
    const d = workspace({
      'revloops.yaml': 'name: acme\nplugins:\n  - plugins\n  - ../gone\nloops: [scorer]\n',
    });
    mkdirSync(join(d, 'plugins'));
    expect(await problems(d)).toEqual([
      {
        file: 'revloops.yaml',
        line: 4,
        column: 5,
        path: 'plugins.1',
        message:
          'plug-in folder ../gone does not exist: expected a folder of plug-in loops (a path relative to the workspace folder)',
      },
    ]);
    // Without a plugins line, the default folder (plugins/) may be absent.
    const quiet = workspace({ 'revloops.yaml': 'name: acme\nloops: [scorer]\n' });
    expect((await loadWorkspace(quiet, { loops: [scorer] })).loops.has('scorer')).toBe(true);
  });

  it('fails validate on an incompatible handoff, naming the field', async () => {
    const d = workspace({ 'revloops.yaml': 'name: acme\nloops: [scorer, picky]\n' });
    const issues = await problems(d);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(
      'incompatible handoff: lead.scored from scorer to picky: field region is required by the receiver but the sender does not send it',
    );
  });

  it('checks that a chain is connected', async () => {
    const d = workspace({
      'revloops.yaml':
        'name: acme\nloops: [scorer, router]\nchains:\n  - name: backwards\n    loops: [router, scorer]\n',
    });
    const issues = await problems(d);
    expect(issues[0]).toMatchObject({ path: 'chains.0.loops.0', line: 5 });
    expect(issues[0]?.message).toContain('router emits nothing that scorer listens to');
  });

  it('locates a schedule whose time zone or cron cannot run at its line', async () => {
    const ticker = defineLoop({
      name: 'ticker',
      version: '1.0.0',
      description: 'ticker test loop',
      archetypes: ['scheduled'],
      config: z.strictObject({
        schedule: z
          .object({ cron: z.string(), timezone: z.string().optional() })
          .passthrough()
          .describe('When.'),
      }),
      triggers: [{ kind: 'schedule', config: 'schedule' }],
      input: z.object({}).passthrough(),
      output: z.object({}),
      outputs: ['decision'],
      run: (ctx) => ctx.decide({}),
      metrics: baseMetrics,
      feedback: [
        { name: 'noop', description: 'reads volume', level: 2, reads: ['decisions'], evaluate: () => [] },
      ],
    });
    const d = workspace({ 'revloops.yaml': 'name: t\nloops: [ticker]\n' });
    writeFileSync(
      join(d, 'loops', 'ticker.yaml'),
      'loop: ticker\n\nschedule:\n  cron: "0 7 * * *"\n  timezone: "true"\n',
    );
    expect(await problems(d, [ticker])).toEqual([
      expect.objectContaining({
        file: 'loops/ticker.yaml',
        line: 5,
        path: 'schedule.timezone',
        message: expect.stringContaining('Invalid time zone'),
      }),
    ]);
    writeFileSync(join(d, 'loops', 'ticker.yaml'), 'loop: ticker\nschedule:\n  cron: "61 * * * *"\n');
    expect(await problems(d, [ticker])).toEqual([
      expect.objectContaining({ file: 'loops/ticker.yaml', line: 3, path: 'schedule.cron' }),
    ]);
  });

  it('reuses a TypeScript plug-in module across loads until its file changes', async () => {
    const d = workspace({ 'revloops.yaml': 'name: t\nplugins: [plugins]\nloops: [echo]\n' });
    mkdirSync(join(d, 'plugins'));
    const kernel = pathToFileURL(resolve('src/kernel/index.ts')).href;
    const plugin = (version: string) =>
      [
        `import { z } from '${pathToFileURL(createRequire(import.meta.url).resolve('zod')).href}';`,
        `import { baseMetrics, defineLoop } from '${kernel}';`,
        `export const echo = defineLoop({ name: 'echo', version: '${version}', description: 'echo',`,
        `  archetypes: ['event'], config: z.strictObject({}), triggers: [{ kind: 'event', on: 'echo.asked' }],`,
        `  input: z.object({}), output: z.object({}), outputs: ['decision'], emits: [],`,
        `  run: (ctx) => ctx.decide({}), metrics: baseMetrics,`,
        `  feedback: [{ name: 'noop', description: 'n', level: 2, reads: ['decisions'], evaluate: () => [] }] });`,
      ].join('\n');
    const file = join(d, 'plugins', 'echo.ts');
    writeFileSync(file, plugin('1.0.0'));
    const first = (await loadWorkspace(d)).loops.get('echo')?.loop;
    const second = (await loadWorkspace(d)).loops.get('echo')?.loop;
    expect(first?.version).toBe('1.0.0');
    expect(second).toBe(first);
    writeFileSync(file, plugin('1.1.0'));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const changed = (await loadWorkspace(d)).loops.get('echo')?.loop;
    expect(changed?.version).toBe('1.1.0');
  });

  it('says where revloops.yaml is missing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rl-ws-'));
    await expect(loadWorkspace(dir)).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });
  });
});
