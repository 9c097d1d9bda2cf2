import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifySignature } from '../../src/surfaces/index.js';

/** A seeded generator of numbers in [0, 1) (mulberry32), so a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** True when dist/cli/main.js exists and was built after the last change to any file under src/. */
export function builtCliIsCurrent(): boolean {
  const built = 'dist/cli/main.js';
  if (!existsSync(built)) return false;
  const at = statSync(built).mtimeMs;
  return readdirSync('src', { recursive: true, encoding: 'utf8' }).every(
    (f) => f.endsWith('.test.ts') || statSync(`src/${f}`).mtimeMs <= at,
  );
}

/** What the webhook receiver saw for one Idempotency-Key. */
export interface Received {
  count: number;
  /** The first body; every later try with the same key must carry the same one. */
  body: string;
  /** Tries whose body differed from the first. */
  changed: number;
  /** Tries whose signature did not verify. */
  unsigned: number;
}

/**
 * A signed-webhook receiver on loopback that counts every POST per Idempotency-Key, checks the
 * HMAC of each, and answers 200 (a receiver that keeps the first try of each key).
 */
export async function startReceiver(secret: string): Promise<{
  url: string;
  seen: Map<string, Received>;
  posts: () => number;
  close: () => Promise<void>;
}> {
  const seen = new Map<string, Received>();
  let posts = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      posts++;
      const key = String(req.headers['idempotency-key'] ?? '');
      const timestamp = String(req.headers['x-revloops-timestamp'] ?? '');
      const signature = String(req.headers['x-revloops-signature'] ?? '');
      // The senders' clocks run ahead (each restart stands for time passing): check the HMAC at the
      // request's own timestamp; the tolerance window is not what this test is about.
      const signed =
        /^\d+$/.test(timestamp) &&
        verifySignature(secret, timestamp, body, signature, 300, new Date(Number(timestamp) * 1000));
      const r = seen.get(key);
      if (r) {
        r.count++;
        if (r.body !== body) r.changed++;
        if (!signed) r.unsigned++;
      } else {
        seen.set(key, { count: 1, body, changed: 0, unsigned: signed ? 0 : 1 });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    seen,
    posts: () => posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One run of test/helpers/crash-child.ts: its output lines as they arrive, and its exit. */
export class CrashChild {
  readonly lines: string[] = [];
  readonly started = Date.now();
  private err = '';
  private readonly proc: ChildProcess;
  private readonly waiters: (() => void)[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private done = false;

  constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/crash-child.ts', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.proc.stdout?.setEncoding('utf8');
    this.proc.stdout?.on('data', (d: string) => {
      partial += d;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const w of this.waiters.splice(0)) w();
    });
    this.proc.stderr?.setEncoding('utf8');
    this.proc.stderr?.on('data', (d: string) => (this.err += d));
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => {
        this.done = true;
        for (const w of this.waiters.splice(0)) w();
        resolve({ code, signal });
      });
    });
  }

  get running(): boolean {
    return !this.done;
  }

  /** What the child wrote to stderr, for failure messages. */
  get stderr(): string {
    return this.err;
  }

  /** The last phase line the child printed ("phase ingest", "phase worker"), or "start". */
  get phase(): string {
    const last = [...this.lines].reverse().find((l) => l.includes('phase '));
    return last ? (last.split('phase ')[1] ?? 'start') : 'start';
  }

  /** Resolves true once a line containing `text` arrived; false if the child exits or time runs out first. */
  async waitFor(text: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((l) => l.includes(text))) {
      if (!this.running || Date.now() > deadline) return false;
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), sleep(200)]);
    }
    return true;
  }

  /** SIGKILL, then waits for the exit. */
  async kill(): Promise<void> {
    this.proc.kill('SIGKILL');
    await this.exited;
  }
}
