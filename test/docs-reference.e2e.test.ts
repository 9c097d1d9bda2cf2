import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInLoops } from '../src/docs/built-in-loops.js';
import { renderReference } from '../src/docs/reference.js';
import { staleReferenceFiles, writeReference } from '../src/docs/reference-files.js';

const loops = await builtInLoops();
const files = renderReference(loops);
const scratch = mkdtempSync(join(tmpdir(), 'revloops-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the generated configuration reference (docs/reference)', () => {
  it('is up to date with the schemas of revloops.yaml and of every loop in src/loops', () => {
    const stale = staleReferenceFiles(files);
    expect(
      stale,
      `docs/reference is stale (${stale.join(', ')}): run \`npm run docs\` and commit the result`,
    ).toEqual([]);
  });

  it('has a page per discovered loop, and every config field with its path, type and description', () => {
    expect(loops.length).toBeGreaterThanOrEqual(2);
    for (const loop of loops) {
      const page = files.get(`loops/${loop.name}.md`) ?? '';
      expect(page).toContain(`# Loop \`${loop.name}\``);
      expect(files.get('README.md')).toContain(`(loops/${loop.name}.md)`);
    }
    const route = files.get('loops/route.md') ?? '';
    expect(route).toMatch(
      /\| `keepExistingOwner` \| boolean \| `true` \| {2}\| A lead that already has an owner/,
    );
    expect(route).toContain('| `op` | string |  | `eq`, `neq`, `in`');
    const workspace = files.get('revloops-yaml.md') ?? '';
    expect(workspace).toContain(
      '| `store.kind` | string | required | `sqlite`, `postgres` | `sqlite`: The embedded default',
    );
    expect(workspace).toContain('| `runtime.batchSize` | integer | `100` | ≥ 1; ≤ 1000 |');
  });

  it('renders the same pages twice over (deterministic) and reports edited, missing and left-over pages', () => {
    expect([...renderReference([...loops].reverse())]).toEqual([...files]);
    expect(writeReference(files, scratch).sort()).toEqual([...files.keys()].sort());
    expect(staleReferenceFiles(files, scratch)).toEqual([]);
    writeFileSync(join(scratch, 'loops/route.md'), 'edited by hand\n');
    writeFileSync(join(scratch, 'loops/gone.md'), 'a loop that no longer exists\n');
    rmSync(join(scratch, 'revloops-yaml.md'));
    expect(staleReferenceFiles(files, scratch).sort()).toEqual(
      ['loops/gone.md', 'loops/route.md', 'revloops-yaml.md'].sort(),
    );
    writeReference(files, scratch);
    expect(staleReferenceFiles(files, scratch)).toEqual([]);
    expect(readFileSync(join(scratch, 'loops/route.md'), 'utf8')).toBe(files.get('loops/route.md'));
  });
});

describe('docs/', () => {
  it('links only to files that exist', () => {
    const pages = readdirSync('docs', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => join('docs', f));
    const broken: string[] = [];
    for (const page of ['README.md', ...pages]) {
      for (const [, target] of readFileSync(page, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        const file = (target ?? '').split('#')[0] ?? '';
        if (file === '' || /^[a-z]+:/.test(file)) continue;
        if (!existsSync(join(dirname(page), file))) broken.push(`${page} -> ${target}`);
      }
    }
    expect(pages.length).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });

  it("getting started begins with the README's own first command", () => {
    const readme = readFileSync('README.md', 'utf8');
    const first = /## Try it[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim() ?? '';
    expect(first).toMatch(/revloops/);
    expect(
      readFileSync('docs/getting-started.md', 'utf8'),
      "docs/getting-started.md must follow the README: update it with the README's first command",
    ).toContain(first);
  });
});
