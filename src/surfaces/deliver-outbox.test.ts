import { describe, expect, it } from 'vitest';
import { getOutbox, writeRecord } from '../store/index.js';
import { ChannelsConfig } from '../workspace/channels-config.js';
import { deliverOutbox } from './deliver-outbox.js';
import { listInbox } from './in-app.js';
import {
  at,
  enqueueAt,
  loopbackChannels,
  loopbackEnv,
  mailHeader,
  type Posted,
  sqliteTestStore,
  startHttp,
  startSmtp,
  stopHttp,
  stopSmtp,
  T0,
  WEBHOOK_SECRET,
} from './test-servers.js';
import { verifySignature } from './webhook-signature.js';

const testStore = sqliteTestStore();
const enqueue = (id: string, channel: string, recipient: string, payload: unknown) =>
  enqueueAt(testStore(), id, channel, recipient, payload);

describe('deliverOutbox', () => {
  it('delivers to Slack, email, a signed webhook and the in-app inbox, each exactly once', async () => {
    const http = await startHttp();
    const smtp = await startSmtp();
    try {
      await writeRecord(testStore().db, {
        kind: 'user',
        id: 'usr_7',
        op: 'upsert',
        values: { email: 'dana@acme.test', name: 'Dana' },
        now: T0.toISOString(),
      });
      await enqueue('out_1', 'nudges', 'U0123ABCD', {
        message: 'Deal Acme is stale',
        data: { opportunityId: 'opp_9' },
      });
      await enqueue('out_2', 'email', 'rep@acme.test', {
        message: 'New A lead: Jo at Initech',
        data: { score: 91 },
      });
      await enqueue('out_3', 'email', 'usr_7', { message: 'Review your sequence', data: {} });
      await enqueue('out_4', 'engagement', 'outreach', {
        message: 'Deploy sequence seq_1',
        data: { steps: 3 },
      });
      await enqueue('out_5', 'escalation', 'mgr_1', {
        reason: 'SLA breached',
        subject: 'lead:42',
        data: { hours: 26 },
      });

      const channels = loopbackChannels(http.port, smtp.port);
      const first = await deliverOutbox(testStore(), channels, { now: T0, env: loopbackEnv(http.port) });
      expect(first).toEqual({ delivered: 5, failed: 0, dead: 0 });

      const slack = http.posts.filter((p) => p.path === '/slack');
      expect(slack).toHaveLength(1);
      const slackBody = JSON.parse(slack[0]?.body ?? '{}') as { text: string; blocks: unknown[] };
      expect(slackBody.text).toBe('<@U0123ABCD>: Deal Acme is stale');
      expect(JSON.stringify(slackBody.blocks)).toContain('opportunityId: opp_9');

      const hooks = http.posts.filter((p) => p.path === '/hook');
      expect(hooks).toHaveLength(1);
      const hook = hooks[0] as Posted;
      const ts = String(hook.headers['x-revloops-timestamp']);
      const sig = String(hook.headers['x-revloops-signature']);
      expect(ts).toBe(String(T0.getTime() / 1000));
      expect(sig).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(hook.headers['idempotency-key']).toBe('out_4');
      expect(verifySignature(WEBHOOK_SECRET, ts, hook.body, sig, 300, at(60))).toBe(true);
      expect(verifySignature('other-secret', ts, hook.body, sig, 300, at(60))).toBe(false);
      expect(verifySignature(WEBHOOK_SECRET, ts, hook.body.replace('seq_1', 'seq_2'), sig, 300, at(60))).toBe(
        false,
      );
      expect(JSON.parse(hook.body)).toMatchObject({
        id: 'out_4',
        type: 'notification',
        channel: 'engagement',
        recipient: 'outreach',
        decisionId: 'dec_out_4',
        payload: { kind: 'notification', message: 'Deploy sequence seq_1', data: { steps: 3 } },
      });

      expect(smtp.mails).toHaveLength(2);
      const toRep = smtp.mails.find((m) => m.to.includes('rep@acme.test'));
      expect(toRep?.from).toBe('revops@acme.test');
      expect(mailHeader(toRep?.raw ?? '', 'Subject')).toBe('[revloops] New A lead: Jo at Initech');
      expect(mailHeader(toRep?.raw ?? '', 'Message-ID')).toBe('<out_2@revloops>');
      expect(toRep?.raw).toContain('New A lead: Jo at Initech');
      expect(toRep?.raw).toContain('score: 91');
      const toUser = smtp.mails.find((m) => m.to.includes('dana@acme.test'));
      expect(mailHeader(toUser?.raw ?? '', 'Subject')).toBe('[revloops] Review your sequence');

      const inbox = await listInbox(testStore().db, 'mgr_1');
      expect(inbox).toHaveLength(1);
      expect(inbox[0]?.message.content).toEqual({
        kind: 'escalation',
        reason: 'SLA breached',
        subject: 'lead:42',
        data: { hours: 26 },
      });
      expect(inbox[0]?.deliveredAt).toBe(T0.toISOString());
      expect(await listInbox(testStore().db, 'rep@acme.test')).toHaveLength(0);

      // Delivered rows are never sent again, whatever the clock says.
      expect(
        await deliverOutbox(testStore(), channels, { now: at(86_400), env: loopbackEnv(http.port) }),
      ).toEqual({
        delivered: 0,
        failed: 0,
        dead: 0,
      });
      expect(http.posts).toHaveLength(2);
      expect(smtp.mails).toHaveLength(2);
      expect((await getOutbox(testStore().db, 'out_2'))?.attempts).toBe(1);
    } finally {
      await stopHttp(http.server);
      await stopSmtp(smtp.server);
    }
  });

  it('authenticates to SMTP with credentials from the environment', async () => {
    const smtp = await startSmtp();
    try {
      await enqueue('out_1', 'email', 'rep@acme.test', { message: 'Hello', data: {} });
      const channels = loopbackChannels(1, smtp.port, { auth: true });
      expect(await deliverOutbox(testStore(), channels, { now: T0, env: loopbackEnv(1) })).toEqual({
        delivered: 1,
        failed: 0,
        dead: 0,
      });
      expect(smtp.mails[0]?.user).toBe('mailer');
    } finally {
      await stopSmtp(smtp.server);
    }
  });

  it('counts a non-2xx answer as a failure and keeps the status and body in last_error', async () => {
    const http = await startHttp();
    try {
      await enqueue('out_1', 'slack', 'U0123ABCD', { message: 'Hi', data: {} });
      const result = await deliverOutbox(testStore(), loopbackChannels(http.port, 1), {
        now: T0,
        env: loopbackEnv(http.port, '/fail'),
      });
      expect(result).toEqual({ delivered: 0, failed: 1, dead: 0, nextRetryAt: at(30).toISOString() });
      const row = await getOutbox(testStore().db, 'out_1');
      expect(row?.last_error).toContain('returned 500: invalid_payload: blocks[0] is missing text');
      expect(row?.last_error).not.toContain('/fail');
    } finally {
      await stopHttp(http.server);
    }
  });

  it('dead-letters at once what retrying cannot fix', async () => {
    await enqueue('out_1', 'carrier-pigeon', 'rep_1', { message: 'Hi', data: {} });
    await enqueue('out_2', 'email', 'nobody', { message: 'Hi', data: {} });
    await enqueue('out_3', 'in_app', 'rep_1', { foo: 1 });
    await enqueue('out_4', 'webhook', 'outreach', { message: 'Hi', data: {} });
    await enqueue('out_5', 'slack', 'U0123ABCD', { message: 'Hi', data: {} });
    const channels = ChannelsConfig.parse({
      email: { host: '127.0.0.1', port: 1, from: 'revops@acme.test' },
      slack: { webhookUrlEnv: 'UNSET_SLACK_URL' },
    });
    expect(await deliverOutbox(testStore(), channels, { now: T0, env: {} })).toEqual({
      delivered: 0,
      failed: 0,
      dead: 5,
    });
    const errors = await Promise.all(
      ['out_1', 'out_2', 'out_3', 'out_4', 'out_5'].map((id) => getOutbox(testStore().db, id)),
    );
    expect(errors.map((r) => r?.last_error)).toEqual([
      'no transport for channel carrier-pigeon',
      'recipient nobody is neither an email address nor a user id',
      'outbox out_3: payload has neither a message nor a reason',
      'channel webhook routes to webhook, which is not configured',
      'channels.slack.webhookUrlEnv names the environment variable UNSET_SLACK_URL, which is not set',
    ]);
    expect(errors.every((r) => r?.attempts === 1)).toBe(true);
  });
});
