import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { createToken, type Role } from '../../server/tokens.js';
import { getRecord } from '../../store/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common } from '../program.js';
import { demoText, freshCopy, runDemo, type Step } from './demo.js';
import { DEMO_SECRET_ENV, type DemoPlatform, startDemoPlatform } from './demo-platform.js';
import { serveWorkspace } from './serve.js';

type StartOptions = CommonOptions & { dir?: string; host: string; port: string };

/**
 * Ops signs in as Jon Reyes, who manages the North America commercial team: examples/acme has no
 * user whose own role is ops, and the token's role is what the API authorizes.
 */
const OPS_USER = 'u-jon';

/** A sign-in printed for people: who it is, and the token to paste into the web UI's sign-in. */
interface SignIn {
  role: Role;
  user: string;
  name: string;
  token: string;
}

/**
 * Points the workspace's engagement webhook (which `runDemo` aimed at its own stand-in platform,
 * closed since) at a stand-in that lives as long as the server, so sequences approved in the UI
 * are delivered and their signatures checked.
 */
async function connectForServing(dir: string): Promise<DemoPlatform> {
  const platform = await startDemoPlatform(() => new Date());
  const file = join(dir, 'revloops.yaml');
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/url: "http:\/\/127\.0\.0\.1:\d+\/engagement"/, `url: "${platform.url}"`);
  if (next === text) {
    await platform.close();
    throw new RevloopsError(
      'CONFLICT',
      `${file} has no engagement webhook of the worked example to reconnect`,
    );
  }
  writeFileSync(file, next);
  return platform;
}

/** Tokens for the rep who owns the worked example's review items and for ops, with their names. */
async function signIns(rt: CliRuntime, dir: string, steps: readonly Step[]): Promise<SignIn[]> {
  const rep = steps.find((s) => s.story === 'inbound' && s.loop === 'route')?.owner;
  if (typeof rep !== 'string')
    throw new RevloopsError('CONFLICT', 'the worked example did not route its lead to a rep');
  const now = (rt.setup.clock ?? (() => new Date()))();
  return withWorkspace({ workspace: dir }, rt.setup, async ({ store }) => {
    const out: SignIn[] = [];
    for (const [role, user] of [
      ['rep', rep],
      ['ops', OPS_USER],
    ] as const) {
      const record = await getRecord(store.db, 'user', user);
      if (!record) throw new RevloopsError('NOT_FOUND', `no user ${user} in the workspace's data/users.csv`);
      const created = await createToken(store.db, { role, user, now, label: 'revloops start' });
      out.push({ role, user, name: String(record.values.name ?? user), token: created.token });
    }
    return out;
  });
}

function banner(url: string, dir: string, steps: readonly Step[], signIn: readonly SignIn[]): string {
  const pad = Math.max(...signIn.map((s) => `${s.name} (${s.user})`.length));
  return [
    demoText(dir, steps),
    '',
    `revloops is serving the workspace at ${url}`,
    'Sign in there with a token (each is shown once; the server keeps only its hash):',
    ...signIn.map((s) => `  ${s.role.padEnd(4)} ${`${s.name} (${s.user})`.padEnd(pad)}  ${s.token}`),
    '',
    `The rep's inbox (its approved tab) holds the sequence they edited and approved above;`,
    'ops reads the chains, loops, proposals and simulations.',
    `API docs: ${url}/v1/docs. Ctrl-C stops the server; the workspace stays in ${dir}.`,
  ].join('\n');
}

/**
 * `revloops start`: one command for a new user. A fresh workspace from examples/acme, the worked
 * example run in it, tokens for a rep and for ops, and the server (API, web UI, worker) until
 * SIGINT or SIGTERM.
 */
export function registerStart(program: Command, rt: CliRuntime): void {
  common(program.command('start'))
    .description(
      'create a fresh workspace from examples/acme, run the worked example, and serve it with sign-ins for a rep and ops',
    )
    .option('--dir <dir>', 'where to put the workspace (default: a new temporary folder)')
    .option('--host <host>', 'the interface to listen on', '127.0.0.1')
    .option('--port <port>', 'the port (0: any free one)', '3000')
    .action(async (opts: StartOptions) => {
      const dir = freshCopy(opts.dir ?? opts.workspace);
      const steps = await runDemo(rt, dir);
      const platform = await connectForServing(dir);
      try {
        const signIn = await signIns(rt, dir, steps);
        const env = { ...(rt.setup.env ?? process.env), [DEMO_SECRET_ENV]: platform.secret };
        await serveWorkspace(
          {
            workspace: dir,
            ...(opts.json ? { json: true } : {}),
            host: opts.host,
            port: opts.port,
            worker: true,
            bodyLimit: String(1024 * 1024),
            rate: '50',
          },
          { ...rt, setup: { ...rt.setup, env } },
          (url) =>
            rt.io.out(
              opts.json
                ? JSON.stringify({ url, workspace: dir, signIn, steps })
                : banner(url, dir, steps, signIn),
            ),
        );
      } finally {
        await platform.close();
      }
    });
}
