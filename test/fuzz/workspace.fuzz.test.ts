import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspaceFolder, loadWorkspace } from '../../src/workspace/index.js';
import { bounded, CaseCounter, expectRevloopsError, fuzzParams, fuzzRuns } from '../helpers/fuzz-harness.js';
import {
  aliasBomb,
  deepNesting,
  manyKeys,
  mutateText,
  mutateYaml,
  textMutation,
  treeMutation,
} from '../helpers/fuzz-yaml.js';

// The workspace sits one folder down, so a mutated `plugins: [..]` still points into the fuzz folder.
const RUNS = fuzzRuns(20);
const root = mkdtempSync(join(tmpdir(), 'revloops-fuzz-ws-'));
const dir = join(root, 'ws');
mkdirSync(dir);
copyWorkspaceFolder(resolve('examples/acme'), dir);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = [
  'revloops.yaml',
  'loops/engage.yaml',
  'loops/expand.yaml',
  'loops/onboard.yaml',
  'loops/pursue.yaml',
  'loops/qualify.yaml',
  'loops/route.yaml',
] as const;
const ORIGINAL = new Map<string, string>(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const dirty = new Set<string>();

/** Puts back every file an earlier case changed, then writes this case's file. */
function writeCase(file: string, content: string | Uint8Array): void {
  for (const f of dirty) writeFileSync(join(dir, f), ORIGINAL.get(f) as string);
  dirty.clear();
  writeFileSync(join(dir, file), content);
  dirty.add(file);
}

type Case =
  | { kind: 'tree'; file: number; mutations: Parameters<typeof mutateYaml>[1] }
  | { kind: 'text'; file: number; mutations: Parameters<typeof mutateText>[1] }
  | { kind: 'bytes'; file: number; bytes: Uint8Array; append: boolean }
  | { kind: 'alias-bomb'; file: number; levels: number; width: number; append: boolean }
  | { kind: 'deep'; file: number; depth: number; style: 'flow' | 'block' | 'flow-map'; append: boolean }
  | { kind: 'huge-scalar'; file: number; size: number; quoted: boolean }
  | { kind: 'many-keys'; file: number; count: number; repeated: boolean; append: boolean }
  | { kind: 'random'; file: number; text: string };

const file = fc.nat({ max: FILES.length - 1 });
const append = fc.boolean();
const caseArb: fc.Arbitrary<Case> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('tree' as const),
      file,
      mutations: fc.array(treeMutation, { minLength: 1, maxLength: 4 }),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      file,
      mutations: fc.array(textMutation, { minLength: 1, maxLength: 4 }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      file,
      bytes: fc.uint8Array({ maxLength: 300 }),
      append,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('alias-bomb' as const),
      file,
      levels: fc.integer({ min: 2, max: 12 }),
      width: fc.integer({ min: 2, max: 12 }),
      append,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      file,
      depth: fc.integer({ min: 50, max: 1500 }),
      style: fc.constantFrom('flow' as const, 'block' as const, 'flow-map' as const),
      append,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('huge-scalar' as const),
      file,
      size: fc.integer({ min: 1000, max: 200_000 }),
      quoted: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('many-keys' as const),
      file,
      count: fc.integer({ min: 50, max: 3000 }),
      repeated: fc.boolean(),
      append,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('random' as const),
      file,
      text: fc.string({ maxLength: 200, unit: 'grapheme' }),
    }),
    weight: 1,
  },
);

function render(c: Case): string | Uint8Array {
  const name = FILES[c.file] as string;
  const original = ORIGINAL.get(name) as string;
  const join2 = (extra: string, after: boolean) => (after ? `${original}\n${extra}` : extra);
  switch (c.kind) {
    case 'tree':
      return mutateYaml(original, c.mutations);
    case 'text':
      return mutateText(original, c.mutations);
    case 'bytes':
      return c.append ? Buffer.concat([Buffer.from(original), c.bytes]) : c.bytes;
    case 'alias-bomb':
      return join2(aliasBomb(c.levels, c.width, 'bomb'), c.append);
    case 'deep':
      return join2(deepNesting(c.depth, c.style, 'deep'), c.append);
    case 'huge-scalar': {
      const big = 'x'.repeat(c.size);
      return `${original}\nhuge: ${c.quoted ? `"${big}"` : big}\n`;
    }
    case 'many-keys':
      return join2(manyKeys(c.count, c.repeated), c.append);
    case 'random':
      return c.text;
  }
}

/** The invariant: it loads, or it throws a RevloopsError that says which file (and where) is wrong. */
async function check(
  content: string | Uint8Array,
  file: string,
  boundMs: number,
): Promise<'loaded' | 'rejected'> {
  writeCase(file, content);
  const r = await bounded(boundMs, `loading with a changed ${file}`, () => loadWorkspace(dir));
  if (r.error === undefined) return 'loaded';
  const e = expectRevloopsError(r.error, `loading with a changed ${file}`);
  const named = e.message.includes('.yaml') || e.message.includes('.yml');
  if (!named) {
    expect(e.issues.length, `${e.message}: no issue says where`).toBeGreaterThan(0);
    for (const issue of e.issues) {
      expect(issue.file, `issue without a file: ${JSON.stringify(issue)}`).toBeTruthy();
      expect(typeof issue.line, `issue without a line: ${JSON.stringify(issue)}`).toBe('number');
    }
  }
  return 'rejected';
}

describe('fuzz: workspaces (YAML)', () => {
  // The first load imports the built-in loops; every later one reuses them.
  beforeAll(() => loadWorkspace(dir));

  it(`loads or rejects with a located RevloopsError: ${RUNS} mutated workspaces`, async () => {
    const counter = new CaseCounter('workspaces');
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const outcome = await check(render(c), FILES[c.file] as string, 10_000);
        counter.count(`${c.kind} ${outcome}`);
      }),
      fuzzParams(RUNS),
    );
    counter.print();
    expect(counter.cases).toBe(RUNS);
  }, 1_800_000);

  it('rejects hostile YAML at full size: a billion laughs, 10,000 levels of nesting, a 10 MB scalar, 100,000 keys', async () => {
    const hostile: [string, string][] = [
      ['billion laughs', aliasBomb(9, 10, 'bomb')],
      ['10k nested flow sequences', deepNesting(10_000, 'flow', 'deep')],
      ['10k nested flow mappings', deepNesting(10_000, 'flow-map', 'deep')],
      ['2k nested block mappings (4 MB of indentation)', deepNesting(2_000, 'block', 'deep')],
      ['10 MB scalar', `huge: ${'x'.repeat(10 * 1024 * 1024)}\n`],
      ['100k keys', manyKeys(100_000, false)],
    ];
    for (const [what, text] of hostile) {
      // After the real revloops.yaml, and as the whole of a loop file.
      const cases: [string, string][] = [
        ['revloops.yaml', `${ORIGINAL.get('revloops.yaml') as string}\n${text}`],
        ['loops/qualify.yaml', text],
      ];
      for (const [f, content] of cases) {
        const outcome = await check(content, f, 60_000);
        expect([what, f, outcome]).toEqual([what, f, 'rejected']);
      }
    }
    writeCase('revloops.yaml', ORIGINAL.get('revloops.yaml') as string);
    await loadWorkspace(dir);
  }, 600_000);
});
