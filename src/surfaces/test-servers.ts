import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach } from 'vitest';
import { enqueueOutbox, openStore, type Store } from '../store/index.js';
import { ChannelsConfig } from '../workspace/channels-config.js';

/** A POST the loopback HTTP server received. */
export interface Posted {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A message the loopback SMTP server received. */
export interface Mail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

/** A loopback HTTP server recording every POST; `/fail` answers 500. */
export async function startHttp(port = 0): Promise<{ server: Server; port: number; posts: Posted[] }> {
  const posts: Posted[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      posts.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/fail') res.writeHead(500).end('invalid_payload: blocks[0] is missing text');
      else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, posts };
}

/** A loopback SMTP server (no TLS, auth optional) recording every message. */
export async function startSmtp(port = 0): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'mailer' && auth.password === 'pw') cb(null, { user: 'mailer' });
      else cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        raw += chunk;
      });
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, user: session.user });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

/** Stops the HTTP server. */
export const stopHttp = (s: Server): Promise<void> =>
  new Promise<void>((resolve) => s.close(() => resolve()));
/** Stops the SMTP server. */
export const stopSmtp = (s: SMTPServer): Promise<void> =>
  new Promise<void>((resolve) => s.close(() => resolve()));
/** A header of a raw message, unfolded lines only. */
export const mailHeader = (raw: string, name: string): string | undefined =>
  new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim();

/** The instant every outbox test starts at. */
export const T0 = new Date('2025-03-03T09:00:00.000Z');

/** The instant `seconds` after T0. */
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** The webhook secret the loopback env holds. */
export const WEBHOOK_SECRET = 'whsec_test_0123456789';

/** Opens a fresh SQLite file store before each test and removes it after; call at the top of a test file. */
export function sqliteTestStore(): () => Store {
  let dir: string | undefined;
  let store: Store | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'revloops-outbox-'));
    store = await openStore({ kind: 'sqlite', path: join(dir, 'revloops.db') });
  });
  afterEach(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!store) throw new Error('the test store is not open');
    return store;
  };
}

/** Queues an outbox row as the runtime would, created at T0. */
export async function enqueueAt(
  store: Store,
  id: string,
  channel: string,
  recipient: string,
  payload: unknown,
): Promise<void> {
  await enqueueOutbox(store.db, {
    id,
    decisionId: `dec_${id}`,
    channel,
    recipient,
    payload,
    now: T0.toISOString(),
  });
}

/** Channels pointing at the loopback servers; nudges go to Slack, engagement to the webhook. */
export function loopbackChannels(
  httpPort: number,
  smtpPort: number,
  extra: { auth?: boolean } = {},
): ChannelsConfig {
  return ChannelsConfig.parse({
    slack: { webhookUrlEnv: 'SLACK_WEBHOOK_URL' },
    email: {
      host: '127.0.0.1',
      port: smtpPort,
      from: 'RevOps <revops@acme.test>',
      ...(extra.auth ? { userEnv: 'SMTP_USER', passEnv: 'SMTP_PASS' } : {}),
    },
    webhook: { url: `http://127.0.0.1:${httpPort}/hook`, secretEnv: 'HOOK_SECRET' },
    routes: { nudges: 'slack', engagement: 'webhook' },
  });
}

/** The secrets the loopback channels name. */
export function loopbackEnv(httpPort: number, slackPath = '/slack'): Record<string, string> {
  return {
    SLACK_WEBHOOK_URL: `http://127.0.0.1:${httpPort}${slackPath}`,
    HOOK_SECRET: WEBHOOK_SECRET,
    SMTP_USER: 'mailer',
    SMTP_PASS: 'pw',
  };
}
