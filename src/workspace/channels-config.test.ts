import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChannelsConfig, inAppChannels, resolveTransportKind } from './channels-config.js';

describe('ChannelsConfig', () => {
  it('accepts a full block and fills defaults', () => {
    const parsed = ChannelsConfig.parse({
      slack: { webhookUrlEnv: 'SLACK_WEBHOOK_URL' },
      email: { host: 'smtp.acme.test', from: 'revops@acme.test', userEnv: 'SMTP_USER', passEnv: 'SMTP_PASS' },
      webhook: { url: 'https://hooks.acme.test/revloops', secretEnv: 'REVLOOPS_WEBHOOK_SECRET' },
      inApp: {},
    });
    expect(parsed.email).toMatchObject({ port: 587, secure: false });
    expect(parsed.routes).toEqual({});
    expect(ChannelsConfig.parse({})).toEqual({ routes: {} });
  });

  it('rejects ambiguous or half-set settings with the path of the problem', () => {
    const both = ChannelsConfig.safeParse({
      slack: { webhookUrl: 'https://hooks.slack.test/x', webhookUrlEnv: 'S' },
    });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]?.message).toBe('set exactly one of webhookUrlEnv or webhookUrl');
    expect(both.error?.issues[0]?.path).toEqual(['slack']);
    const half = ChannelsConfig.safeParse({ email: { host: 'h', from: 'f@x.test', userEnv: 'U' } });
    expect(half.error?.issues[0]?.message).toBe('set both userEnv and passEnv, or neither');
    const typo = ChannelsConfig.safeParse({ webhook: { url: 'not a url', secretEnv: 'lower-case-dash' } });
    expect(typo.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'webhook.secretEnv',
      'webhook.url',
    ]);
    expect(ChannelsConfig.safeParse({ sms: {} }).success).toBe(false);
    expect(ChannelsConfig.safeParse({ routes: { nudges: 'pager' } }).success).toBe(false);
  });

  it('routes channel names to transports: own routes, then defaults, then defaultTransport', () => {
    const channels = ChannelsConfig.parse({
      routes: { nudges: 'slack', escalation: 'email', alerts: 'inApp' },
    });
    expect(resolveTransportKind(channels, 'nudges')).toBe('slack');
    expect(resolveTransportKind(channels, 'escalation')).toBe('email');
    expect(resolveTransportKind(channels, 'in-app')).toBe('inApp');
    expect(resolveTransportKind(channels, 'webhook')).toBe('webhook');
    expect(resolveTransportKind(channels, 'other')).toBeUndefined();
    expect(resolveTransportKind({ ...channels, defaultTransport: 'inApp' }, 'other')).toBe('inApp');
    expect(inAppChannels(channels)).toEqual(['alerts', 'in-app', 'inApp', 'in_app']);
  });

  it('describes every field, so the docs and editor schema can be generated', () => {
    const schema = z.toJSONSchema(ChannelsConfig, { io: 'input' }) as {
      description?: string;
      properties: Record<
        string,
        { description?: string; properties?: Record<string, { description?: string }> }
      >;
    };
    expect(schema.description).toBeTruthy();
    for (const [name, prop] of Object.entries(schema.properties)) {
      expect(prop.description, name).toBeTruthy();
      for (const [field, inner] of Object.entries(prop.properties ?? {}))
        expect(inner.description, `${name}.${field}`).toBeTruthy();
    }
  });
});
