import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseMetrics, defineLoop } from '../src/index.js';
import { startHttp, startSmtp, stopHttp, stopSmtp } from '../src/surfaces/test-servers.js';
import { cli, copyWorkspace } from './helpers/cli.js';

/** Notifies the owner of a big deal on Slack and by email. */
const dealAlert = defineLoop({
  name: 'deal-alert',
  version: '1.0.0',
  description: 'Tells owners about big deals.',
  archetypes: ['event'],
  config: z.strictObject({ minAmount: z.number().default(50_000).describe('Alert from this amount.') }),
  triggers: [{ kind: 'event', on: 'deal.created' }],
  input: z.object({ id: z.string(), amount: z.number(), ownerEmail: z.string() }),
  output: z.object({ alerted: z.boolean() }),
  outputs: ['decision', 'notification'],
  run: (ctx, deal) => {
    const big = deal.amount >= ctx.config.minAmount;
    ctx.trace.rule('big deal', big, `${deal.amount} vs ${ctx.config.minAmount}`);
    if (big) {
      ctx.notify('slack', '#deals', `Deal ${deal.id} for ${deal.amount}`);
      ctx.notify('email', deal.ownerEmail, `Your deal ${deal.id} for ${deal.amount} needs a close plan`);
    }
    return ctx.decide({ alerted: big }, { confidence: 1, subject: `opportunity:${deal.id}` });
  },
  metrics: baseMetrics,
  feedback: [
    { name: 'volume', description: 'Silence alarm.', level: 2, reads: ['decisions'], evaluate: () => [] },
  ],
});

describe('notifications leave through the outbox', () => {
  const ws = copyWorkspace('test/fixtures/plugin-ws');
  let http: Awaited<ReturnType<typeof startHttp>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let now = new Date('2026-02-02T09:00:00Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir, '--json'], [dealAlert], () => now);

  beforeAll(async () => {
    rmSync(join(ws.dir, 'loops', 'signup-triage.yaml'));
    http = await startHttp();
    smtp = await startSmtp();
    writeFileSync(
      join(ws.dir, 'revloops.yaml'),
      [
        'name: outbox-test',
        'loops: [deal-alert]',
        'plugins: []',
        'channels:',
        `  slack: { webhookUrl: "http://127.0.0.1:${http.port}/hook" }`,
        `  email: { host: 127.0.0.1, port: ${smtp.port}, from: "RevOps <revops@acme.example>" }`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await stopHttp(http.server).catch(() => undefined);
    await stopSmtp(smtp.server).catch(() => undefined);
    ws.cleanup();
  });

  it('delivers to Slack and SMTP servers on loopback', async () => {
    await run('emit', 'deal.created', '{"id":"o1","amount":90000,"ownerEmail":"ana@acme.example"}');
    const r = JSON.parse((await run('worker', '--once')).out);
    expect(r).toMatchObject({ decisions: 1, delivered: 2 });
    expect(JSON.parse(http.posts[0]?.body ?? '{}').text).toContain('Deal o1 for 90000');
    expect(smtp.mails[0]?.to).toEqual(['ana@acme.example']);
    expect(smtp.mails[0]?.raw).toContain('needs a close plan');
  });

  it('retries with backoff while the servers are down, dead-letters, and delivers after events retry', async () => {
    await stopHttp(http.server);
    await stopSmtp(smtp.server);
    await run('emit', 'deal.created', '{"id":"o2","amount":120000,"ownerEmail":"bo@acme.example"}');
    let failures = 0;
    for (let i = 0; i < 12; i++) {
      failures += JSON.parse((await run('worker', '--once')).out).deliveryFailures;
      now = new Date(now.getTime() + 2 * 3_600_000); // past the longest backoff
    }
    expect(failures).toBeGreaterThanOrEqual(4);
    const dead = JSON.parse((await run('events', 'retry', '--all-dead')).out);
    expect(dead.deliveries).toBe(2);
    http = await startHttp(http.port);
    smtp = await startSmtp(smtp.port);
    expect(JSON.parse((await run('worker', '--once')).out).delivered).toBe(2);
    expect(JSON.parse(http.posts[0]?.body ?? '{}').text).toContain('Deal o2');
    expect(smtp.mails[0]?.to).toEqual(['bo@acme.example']);
  });
});
