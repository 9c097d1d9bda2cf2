import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import type { OutboxTable } from '../src/store/index.js';
import { mailHeader, startSmtp, stopSmtp } from '../src/surfaces/test-servers.js';
import { cli } from './helpers/cli.js';
import { dealAlertLoop, Endpoint } from './helpers/failure-outbox.js';

// Slack (an incoming-webhook endpoint), SMTP and the signed webhook go down while a deal alert is
// in the outbox. Designed: each failed try waits 30 s doubling (outboxBackoffMs), the row goes dead
// after 8 tries (deliverOutbox's maxAttempts), a dead row stays dead until `events retry --all-dead`,
// and once an endpoint is back each message reaches it exactly once, however often workers pass.

/** Matches a message about one deal. */
const about = (dealId: string) => new RegExp(`deal ${dealId}\\b`, 'i');

const SECRETS = {
  HOOK_SECRET: 'whsec_failure_0123456789',
  SMTP_USER: 'mailer',
  SMTP_PASS: 'pw',
};

describe('outbox endpoints down, then back', () => {
  const slack = new Endpoint();
  const hook = new Endpoint();
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let smtpPort = 0;
  let dir = '';
  let ws = '';
  let now = new Date('2025-03-03T09:00:00.000Z');
  const env = () => ({ ...SECRETS, SLACK_WEBHOOK_URL: `http://127.0.0.1:${slack.port}/services/T0/B0/xyz` });
  const run = (...argv: string[]) =>
    cli([...argv, '--workspace', ws, '--json'], [dealAlertLoop], () => now, env());
  /** One worker pass; it exits 1 when a delivery went dead in it. */
  const worker = async (code = 0) => {
    const r = await run('worker', '--once');
    expect(r.code).toBe(code);
    return JSON.parse(r.out) as { decisions: number; delivered: number; deliveryFailures: number };
  };
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  async function outbox(dealId: string): Promise<OutboxTable[]> {
    const store = await openStore({ kind: 'sqlite', path: join(ws, '.revloops', 'revloops.db') });
    try {
      const rows = await store.db.selectFrom('outbox').selectAll().orderBy('channel').execute();
      return rows.filter((r) => about(dealId).test(r.payload));
    } finally {
      await store.close();
    }
  }

  async function allDown(): Promise<void> {
    await slack.stop();
    hook.status = 503;
    pastMails.push(...smtp.mails);
    await stopSmtp(smtp.server);
  }
  async function allUp(): Promise<void> {
    await slack.start();
    hook.status = 200;
    smtp = await startSmtp(smtpPort);
  }
  /** Mail the SMTP servers stopped earlier received. */
  const pastMails: typeof smtp.mails = [];
  /** What each endpoint accepted for a deal. */
  const received = (dealId: string) => ({
    slack: slack.delivered().filter((h) => about(dealId).test(h.body)).length,
    webhook: hook.delivered().filter((h) => about(dealId).test(h.body)).length,
    email: [...pastMails, ...smtp.mails].filter((m) => about(dealId).test(m.raw)).length,
  });

  beforeAll(async () => {
    await slack.start();
    await hook.start();
    smtp = await startSmtp();
    smtpPort = smtp.port;
    dir = mkdtempSync(join(tmpdir(), 'rl-failure-outbox-'));
    ws = join(dir, 'ws');
    mkdirSync(join(ws, 'loops'), { recursive: true });
    writeFileSync(
      join(ws, 'revloops.yaml'),
      [
        'name: outbox-failures',
        'loops: [deal-alert]',
        'plugins: []',
        'channels:',
        '  slack: { webhookUrlEnv: SLACK_WEBHOOK_URL }',
        `  email: { host: 127.0.0.1, port: ${smtpPort}, from: "RevOps <revops@acme.test>", userEnv: SMTP_USER, passEnv: SMTP_PASS }`,
        `  webhook: { url: "http://127.0.0.1:${hook.port}/hook", secretEnv: HOOK_SECRET }`,
        '  routes: { engagement: webhook }',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await slack.stop();
    await hook.stop();
    await stopSmtp(smtp.server).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries each endpoint with backoff while it is down and delivers exactly once when it is back', async () => {
    await allDown();
    expect(
      (await run('emit', 'deal.created', '{"id":"o1","amount":90000,"ownerEmail":"ana@acme.test"}')).code,
    ).toBe(0);
    const t0 = now.getTime();
    expect(await worker()).toMatchObject({ decisions: 1, delivered: 0, deliveryFailures: 3 });
    let rows = await outbox('o1');
    expect(rows.map((r) => r.channel)).toEqual(['email', 'engagement', 'slack']);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'failed', attempts: 1 });
      expect(Date.parse(r.next_attempt_at)).toBe(t0 + 30_000);
    }
    const [email, engagement, slackRow] = rows;
    expect(email?.last_error).toMatch(/ECONNREFUSED/);
    expect(engagement?.last_error).toBe(
      `POST http://127.0.0.1:${hook.port} returned 503: service unavailable`,
    );
    expect(slackRow?.last_error).toMatch(
      new RegExp(`^POST http://127.0.0.1:${slack.port} failed: .*ECONNREFUSED`),
    );
    // the Slack webhook URL's path is its secret: the error names the origin only
    expect(slackRow?.last_error).not.toContain('/services/');

    // not due yet: a pass 29 s later leaves the rows alone (the webhook sees no new POST)
    const hookHits = hook.hits.length;
    later(29_000);
    expect(await worker()).toMatchObject({ delivered: 0, deliveryFailures: 0 });
    expect(hook.hits.length).toBe(hookHits);
    // due: the second try fails too and waits twice as long
    later(1_000);
    expect(await worker()).toMatchObject({ delivered: 0, deliveryFailures: 3 });
    rows = await outbox('o1');
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'failed', attempts: 2 });
      expect(Date.parse(r.next_attempt_at)).toBe(t0 + 30_000 + 60_000);
    }
    expect(hook.hits.length).toBe(hookHits + 1);

    // back up: the next due pass (the third try) delivers each message once, and later passes send nothing again
    await allUp();
    later(60_000);
    expect(await worker()).toMatchObject({ delivered: 3, deliveryFailures: 0 });
    for (let i = 0; i < 3; i++) {
      later(3_600_000);
      expect(await worker()).toMatchObject({ delivered: 0, deliveryFailures: 0 });
    }
    expect(received('o1')).toEqual({ slack: 1, webhook: 1, email: 1 });
    expect((await outbox('o1')).map((r) => [r.status, r.attempts])).toEqual([
      ['delivered', 3],
      ['delivered', 3],
      ['delivered', 3],
    ]);
    // every webhook try carried the same Idempotency-Key (the outbox id) and a fresh signature
    const tries = hook.hits.filter((h) => about('o1').test(h.body));
    expect(tries.map((h) => h.status)).toEqual([503, 503, 200]);
    expect(new Set(tries.map((h) => h.headers['idempotency-key']))).toEqual(new Set([engagement?.id]));
    const sent = smtp.mails.find((m) => about('o1').test(m.raw));
    expect(sent?.user).toBe('mailer');
    expect(mailHeader(sent?.raw ?? '', 'Subject')).toContain('[revloops]');
  });

  it('goes dead after 8 tries, stays dead, and delivers exactly once after events retry --all-dead', async () => {
    await allDown();
    expect(
      (await run('emit', 'deal.created', '{"id":"o2","amount":120000,"ownerEmail":"bo@acme.test"}')).code,
    ).toBe(0);
    const failures: number[] = [];
    for (let i = 0; i < 8; i++) {
      failures.push((await worker(i === 7 ? 1 : 0)).deliveryFailures);
      later(2 * 3_600_000); // past the longest backoff (1 h)
    }
    expect(failures).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    let rows = await outbox('o2');
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['dead', 8],
      ['dead', 8],
      ['dead', 8],
    ]);
    expect(rows.every((r) => (r.last_error ?? '').length > 0)).toBe(true);
    expect(await worker()).toMatchObject({ delivered: 0, deliveryFailures: 0 });

    // the endpoints come back; a dead row waits for a person: passes do not touch it
    await allUp();
    expect(await worker()).toMatchObject({ delivered: 0, deliveryFailures: 0 });
    expect(received('o2')).toEqual({ slack: 0, webhook: 0, email: 0 });
    const retried = JSON.parse((await run('events', 'retry', '--all-dead')).out) as { deliveries: number };
    expect(retried.deliveries).toBe(3);
    expect(await worker()).toMatchObject({ delivered: 3, deliveryFailures: 0 });
    // a second retry finds nothing dead, and later passes send nothing again
    expect(JSON.parse((await run('events', 'retry', '--all-dead')).out)).toMatchObject({ deliveries: 0 });
    later(3_600_000);
    expect(await worker()).toMatchObject({ delivered: 0, deliveryFailures: 0 });
    expect(received('o2')).toEqual({ slack: 1, webhook: 1, email: 1 });
    rows = await outbox('o2');
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    // the first deal was never sent again
    expect(received('o1')).toEqual({ slack: 1, webhook: 1, email: 1 });
  });
});
