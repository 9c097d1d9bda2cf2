import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { dealAlertLoop, Endpoint } from './helpers/failure-outbox.js';

// Failed and dead deliveries are visible: the worker summary counts them and exits 1 on a dead one,
// `events list --outbox` lists them, `events retry` names what it refuses, and `validate` reports a
// route to a transport revloops.yaml does not configure.

const T0 = new Date('2025-03-03T09:00:00.000Z');

describe('failed and dead deliveries', () => {
  const hook = new Endpoint();
  let dir = '';
  let ws = '';
  const run = (argv: string[], env: NodeJS.ProcessEnv = { HOOK_SECRET: 'whsec_visible_0123456789' }) =>
    cli([...argv, '--workspace', ws], [dealAlertLoop], () => T0, env);
  const workspace = (name: string, channels: string[]) => {
    const at = join(dir, name);
    mkdirSync(join(at, 'loops'), { recursive: true });
    writeFileSync(
      join(at, 'revloops.yaml'),
      ['name: outbox-visible', 'loops: [deal-alert]', 'plugins: []', 'channels:', ...channels, ''].join('\n'),
    );
    return at;
  };

  beforeAll(async () => {
    await hook.start();
    hook.status = 500;
    dir = mkdtempSync(join(tmpdir(), 'rl-outbox-visible-'));
    // The webhook answers 500 (retried); Slack's URL variable is unset and email has no settings (dead).
    ws = workspace('ws', [
      '  slack: { webhookUrlEnv: SLACK_WEBHOOK_URL }',
      `  webhook: { url: "http://127.0.0.1:${hook.port}/hook", secretEnv: HOOK_SECRET }`,
      '  routes: { engagement: webhook }',
    ]);
    expect(
      (await run(['emit', 'deal.created', '{"id":"o1","amount":90000,"ownerEmail":"ana@acme.test"}'])).code,
    ).toBe(0);
  });
  afterAll(async () => {
    await hook.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts delivered, failed (with the next try) and dead deliveries, and exits 1 on a dead one', async () => {
    const r = await run(['worker', '--once', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      decisions: 1,
      dead: 0,
      delivered: 0,
      deliveryFailures: 3,
      deliveriesFailed: 1,
      deliveriesDead: 2,
      nextDeliveryRetryAt: new Date(T0.getTime() + 30_000).toISOString(),
    });
    expect(hook.hits.map((h) => h.status)).toEqual([500]);

    // Nothing is due 0 s later: the text says so, and exits 0.
    const quiet = await run(['worker', '--once']);
    expect(quiet.code).toBe(0);
    expect(quiet.out).toBe(
      'worker processed: 0 event(s), 0 decision(s), 0 tick(s), 0 to retry, 0 dead; deliveries: 0 delivered, 0 failed, 0 dead',
    );
  });

  it('lists deliveries by status with channel, recipient, attempts, last error and decision', async () => {
    const dead = await run(['events', 'list', '--outbox', '--status', 'dead', '--json']);
    expect(dead.code).toBe(0);
    const body = JSON.parse(dead.out);
    expect(body.counts).toEqual({ failed: 1, dead: 2 });
    expect(body.deliveries.map((d: { channel: string }) => d.channel).sort()).toEqual(['email', 'slack']);
    const slack = body.deliveries.find((d: { channel: string }) => d.channel === 'slack');
    expect(slack).toMatchObject({
      recipient: '#deals',
      status: 'dead',
      attempts: 1,
      lastError: expect.stringContaining('SLACK_WEBHOOK_URL'),
      decisionId: expect.stringMatching(/^dec_/),
    });
    const email = body.deliveries.find((d: { channel: string }) => d.channel === 'email');
    expect(email.lastError).toBe('channel email routes to email, which is not configured');

    const text = await run(['events', 'list', '--outbox']);
    expect(text.out).toMatch(/^pending 0, failed 1, dead 2, delivered 0\n/);
    expect(text.out).toMatch(/id +channel +recipient +status +attempts +last error +decision/);
    expect(text.out).toMatch(/engagement +ana@acme\.test +failed +1 +.*returned 500/);

    expect((await run(['events', 'list', '--outbox', '--status', 'done'])).err).toContain(
      '--status expects one of pending, failed, dead, delivered with --outbox',
    );
  });

  it('retries a dead delivery by id and names a delivery that is not dead', async () => {
    const { deliveries } = JSON.parse((await run(['events', 'list', '--outbox', '--json'])).out) as {
      deliveries: { id: string; channel: string }[];
    };
    const failed = deliveries.find((d) => d.channel === 'engagement')?.id ?? '';
    const dead = deliveries.find((d) => d.channel === 'email')?.id ?? '';
    const refused = await run(['events', 'retry', failed]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`delivery ${failed} is failed: only dead deliveries can be retried`);
    expect((await run(['events', 'retry', 'out_nope'])).err).toContain('no event or delivery out_nope');
    const retried = await run(['events', 'retry', dead]);
    expect(retried.out).toBe('1 delivery(ies) are pending again; the worker sends them');
    const counts = JSON.parse((await run(['events', 'list', '--outbox', '--json'])).out).counts;
    expect(counts).toEqual({ pending: 1, failed: 1, dead: 1 });
  });

  it('validate refuses a route to a transport that is not configured, with file, line and path', async () => {
    const at = workspace('unrouted', [
      '  routes: { nudges: slack, alerts: inApp }',
      '  defaultTransport: email',
    ]);
    const r = await cli(['validate', '--workspace', at], [dealAlertLoop]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'revloops.yaml:5:21 channels.routes.nudges: channel nudges routes to slack, which is not configured: add channels.slack or route nudges elsewhere',
    );
    expect(r.err).toContain('revloops.yaml:6:21 channels.defaultTransport: email is not configured');
    expect(r.err).not.toContain('alerts');
  });

  it('validate warns, and passes, when a transport secret is not set in its environment', async () => {
    const r = await run(['validate']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'warning: revloops.yaml:5:27: channels.slack.webhookUrlEnv: SLACK_WEBHOOK_URL is not set in this environment',
    );
    expect(r.out).not.toContain('HOOK_SECRET');
    const set = await run(['validate'], { HOOK_SECRET: 'x', SLACK_WEBHOOK_URL: 'http://127.0.0.1:1/s' });
    expect(set.out).not.toContain('warning: revloops.yaml');
  });
});
