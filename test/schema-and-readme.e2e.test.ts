import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyWorkspace } from './helpers/cli.js';

function revloops(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/revloops.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, REVLOOPS_DATABASE_URL: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const acme = copyWorkspace('examples/acme', true);
afterAll(() => acme.cleanup());

function workspaceFiles(dir: string): string[] {
  return ['revloops.yaml', ...readdirSync(join(dir, 'loops')).map((f) => join('loops', f))];
}

describe('examples/acme', () => {
  it('validates (exit 0), and a broken field exits 1 with file:line:column and the field path', () => {
    expect(revloops(['validate', '--workspace', 'examples/acme']).code).toBe(0);
    const file = join(acme.dir, 'loops', 'qualify.yaml');
    const text = readFileSync(file, 'utf8');
    const broken = text.replace(/(grade: A, min: )(\d+)/, '$1"high"');
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('"high"')) + 1;
    const r = revloops(['validate', '--workspace', acme.dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`loops/qualify\\.yaml:${line}:\\d+ grades\\.thresholds\\.0\\.min`));
    writeFileSync(file, text);
  });

  it('`revloops schema` validates every file of the workspace and rejects the broken one', () => {
    const r = revloops(['schema', '--workspace', 'examples/acme']);
    expect(r.code).toBe(0);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(r.out));
    for (const f of workspaceFiles('examples/acme')) {
      const ok = validate(parse(readFileSync(join('examples/acme', f), 'utf8')));
      expect({ file: f, ok, errors: validate.errors ?? null }).toEqual({ file: f, ok: true, errors: null });
    }
    const broken = parse(
      readFileSync('examples/acme/loops/qualify.yaml', 'utf8').replace(/(grade: A, min: )(\d+)/, '$1"high"'),
    );
    expect(validate(broken)).toBe(false);
    expect(validate({ loop: 'qualify', notAField: 1 })).toBe(false);
    expect(validate({ name: 'x', loops: 'qualify' })).toBe(false);
  });

  it('`revloops init` scaffolds a workspace that validates, with the editor schema', () => {
    const target = join(acme.dir, 'new-ws');
    expect(revloops(['init', target]).code).toBe(0);
    expect(readFileSync(join(target, 'revloops.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\/revloops\.schema\.json/,
    );
    expect(
      JSON.parse(readFileSync(join(target, 'revloops.schema.json'), 'utf8')).$defs['loop-qualify'],
    ).toBeDefined();
    expect(revloops(['validate', '--workspace', target]).code).toBe(0);
    expect(revloops(['init', target]).err).toContain('is not empty');
  });
});

describe("the README's main command", () => {
  it('runs as written on the example workspace (on a copy)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /## Try it[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim() ?? '';
    const steps = block.split('&&').map((s) => s.trim());
    expect(steps[0]).toBe('npm ci');
    for (const step of steps.slice(1)) {
      const args = step
        .replace(/^npx revloops /, '')
        .replaceAll('examples/acme', acme.dir)
        .split(/\s+/);
      const r = revloops(args);
      expect({ step, code: r.code, err: r.err }).toEqual({ step, code: 0, err: '' });
      if (args[0] === 'run') expect(r.out).toMatch(/qualify +lead:/);
    }
    const again = revloops(['replay', '--all', '--json', '--workspace', acme.dir]);
    expect(JSON.parse(again.out)).toMatchObject({ different: 0 });
  });
});

describe('the binary in a pipe', () => {
  it('ends quietly when the reader closes the pipe early, as `revloops … | head` does', async () => {
    // The JSON Schema is longer than a pipe buffer holds, so the write goes on after the close.
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/revloops.js'), 'schema'], {
      cwd: acme.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
  });
});
