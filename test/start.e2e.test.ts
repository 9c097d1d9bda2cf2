import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `revloops start` (what `npm start` runs after the build) through the built binary: a fresh
 * workspace from examples/acme with the worked example run, a server on a free port, and the
 * printed sign-ins working against the API (the rep sees their own review items, ops reads loop
 * versions); SIGTERM stops it cleanly.
 */
describe('revloops start', () => {
  const base = mkdtempSync(join(tmpdir(), 'revloops-start-test-'));
  const dir = join(base, 'ws');
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  });

  it('serves the worked example with sign-ins for a rep and ops, and stops on SIGTERM', async () => {
    const proc = spawn(process.execPath, ['bin/revloops.js', 'start', '--port', '0', '--dir', dir], {
      env: { ...process.env, REVLOOPS_DATABASE_URL: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    let err = '';
    proc.stdout?.on('data', (d) => (out += d));
    proc.stderr?.on('data', (d) => (err += d));
    const closed = new Promise<number | null>((resolve) => proc.on('close', resolve));

    // Wait for the printed URL and both sign-ins.
    const signIn = /^ {2}(rep|ops) +.+\((u-[a-z]+)\) +(rlt_[A-Za-z0-9_-]+)$/gm;
    for (let i = 0; i < 1200 && !(/serving the workspace at http/.test(out) && /Ctrl-C/.test(out)); i++) {
      if (proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out, err).toMatch(/revloops is serving the workspace at http:\/\/127\.0\.0\.1:\d+/);
    const url = /serving the workspace at (http:\/\/127\.0\.0\.1:(\d+))/.exec(out)?.[1] as string;
    expect(url.endsWith(':0')).toBe(false);
    const tokens = Object.fromEntries(
      [...out.matchAll(signIn)].map((m) => [m[1], { user: m[2], token: m[3] }]),
    );
    expect(tokens.rep?.user).toBe('u-cara');
    expect(tokens.ops?.user).toBe('u-jon');
    // The workspace is the fresh copy it printed, with the worked example's decisions in its store.
    expect(out).toContain(dir);
    expect(existsSync(join(dir, '.revloops', 'revloops.db'))).toBe(true);
    expect(readFileSync(join(dir, 'revloops.yaml'), 'utf8')).toContain('channels:');

    const get = async (path: string, token?: string) => {
      const r = await fetch(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const rep = tokens.rep?.token as string;
    const ops = tokens.ops?.token as string;

    // The rep sees the sequence they edited and approved in the worked example, and only their own.
    const mine = await get('/v1/review-items?status=all', rep);
    expect(mine.status).toBe(200);
    const items = mine.body.items as { assignee: string; status: string; loop: string; queue: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.assignee).toBe('u-cara');
    expect(items).toContainEqual(
      expect.objectContaining({ loop: 'engage', queue: 'sequences', status: 'approved' }),
    );
    // Ops reads config history, which a rep token may not; a rep's review items are not ops' to act on.
    expect((await get('/v1/loops/qualify/versions', ops)).status).toBe(200);
    expect((await get('/v1/loops/qualify/versions', rep)).status).toBe(403);
    expect((await get('/v1/review-items', ops)).status).toBe(403);
    expect((await get('/v1/review-items')).status).toBe(401);
    expect((await get('/healthz')).body).toEqual({ status: 'ok' });

    proc.kill('SIGTERM');
    const code = await closed;
    expect(code, err).toBe(0);
    expect(err).toBe('');
  }, 180_000);

  it('refuses a folder that is not empty, before serving anything', async () => {
    const proc = spawn(process.execPath, ['bin/revloops.js', 'start', '--port', '0', '--dir', dir], {
      env: { ...process.env, REVLOOPS_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
    expect(code).toBe(1);
    expect(err).toContain('is not empty');
  }, 60_000);
});
