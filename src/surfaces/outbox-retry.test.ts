import { describe, expect, it } from 'vitest';
import { getOutbox, retryDeadOutbox } from '../store/index.js';
import { deliverOutbox } from './deliver-outbox.js';
import {
  at,
  enqueueAt,
  loopbackChannels,
  loopbackEnv,
  sqliteTestStore,
  startHttp,
  startSmtp,
  stopHttp,
  stopSmtp,
  T0,
} from './test-servers.js';

const testStore = sqliteTestStore();
const enqueue = (id: string, channel: string, recipient: string, payload: unknown) =>
  enqueueAt(testStore(), id, channel, recipient, payload);

describe('deliverOutbox with the servers down', () => {
  it('retries with backoff while the servers are down, dead-letters, and delivers after retry-dead', async () => {
    // Take free ports, then stop listening: every delivery is refused.
    const probeHttp = await startHttp();
    const probeSmtp = await startSmtp();
    const httpPort = probeHttp.port;
    const smtpPort = probeSmtp.port;
    await stopHttp(probeHttp.server);
    await stopSmtp(probeSmtp.server);

    await enqueue('out_1', 'slack', 'C0GENERAL1', { message: 'Pipeline review at 10', data: {} });
    await enqueue('out_2', 'email', 'rep@acme.test', { message: 'Close date slipped', data: { days: 14 } });
    await enqueue('out_3', 'webhook', 'outreach', { message: 'Deploy sequence seq_2', data: {} });
    const channels = loopbackChannels(httpPort, smtpPort);
    const opts = { env: loopbackEnv(httpPort), maxAttempts: 3 };

    expect(await deliverOutbox(testStore(), channels, { ...opts, now: T0 })).toEqual({
      delivered: 0,
      failed: 3,
      dead: 0,
      nextRetryAt: at(30).toISOString(),
    });
    const afterOne = await getOutbox(testStore().db, 'out_2');
    expect(afterOne).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: at(30).toISOString() });
    expect(afterOne?.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect((await getOutbox(testStore().db, 'out_1'))?.last_error).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+ failed/,
    );

    // Not due yet: nothing is tried.
    expect(await deliverOutbox(testStore(), channels, { ...opts, now: at(29) })).toEqual({
      delivered: 0,
      failed: 0,
      dead: 0,
    });
    expect(await deliverOutbox(testStore(), channels, { ...opts, now: at(30) })).toEqual({
      delivered: 0,
      failed: 3,
      dead: 0,
      nextRetryAt: at(90).toISOString(),
    });
    // The second wait doubles: 60 s after the second try.
    expect((await getOutbox(testStore().db, 'out_3'))?.next_attempt_at).toBe(at(90).toISOString());
    expect(await deliverOutbox(testStore(), channels, { ...opts, now: at(89) })).toEqual({
      delivered: 0,
      failed: 0,
      dead: 0,
    });
    expect(await deliverOutbox(testStore(), channels, { ...opts, now: at(90) })).toEqual({
      delivered: 0,
      failed: 0,
      dead: 3,
    });
    expect(await getOutbox(testStore().db, 'out_1')).toMatchObject({ status: 'dead', attempts: 3 });
    // Dead rows stay dead.
    expect(await deliverOutbox(testStore(), channels, { ...opts, now: at(7200) })).toEqual({
      delivered: 0,
      failed: 0,
      dead: 0,
    });

    const http = await startHttp(httpPort);
    const smtp = await startSmtp(smtpPort);
    try {
      expect(await retryDeadOutbox(testStore().db, { now: at(7200).toISOString(), ids: ['out_2'] })).toBe(1);
      expect(await getOutbox(testStore().db, 'out_2')).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await deliverOutbox(testStore(), channels, { ...opts, now: at(7200) })).toEqual({
        delivered: 1,
        failed: 0,
        dead: 0,
      });
      expect(smtp.mails.map((m) => m.to)).toEqual([['rep@acme.test']]);
      expect(smtp.mails[0]?.raw).toContain('days: 14');

      expect(await retryDeadOutbox(testStore().db, { now: at(7300).toISOString() })).toBe(2);
      expect(await deliverOutbox(testStore(), channels, { ...opts, now: at(7300) })).toEqual({
        delivered: 2,
        failed: 0,
        dead: 0,
      });
      expect(http.posts.map((p) => p.path).sort()).toEqual(['/hook', '/slack']);
      expect(JSON.parse(http.posts.find((p) => p.path === '/slack')?.body ?? '{}').text).toBe(
        '<#C0GENERAL1>: Pipeline review at 10',
      );
      expect(await getOutbox(testStore().db, 'out_3')).toMatchObject({
        status: 'delivered',
        delivered_at: at(7300).toISOString(),
      });
      expect(await retryDeadOutbox(testStore().db, { now: at(7400).toISOString() })).toBe(0);
    } finally {
      await stopHttp(http.server);
      await stopSmtp(smtp.server);
    }
  });
});
