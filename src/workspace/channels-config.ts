import { z } from 'zod';
import { RevloopsError } from '../kernel/index.js';

/** The ways a message can leave the system. */
export const TransportKind = z
  .enum(['slack', 'email', 'webhook', 'inApp'])
  .describe(
    'A transport: slack (incoming webhook), email (SMTP), webhook (signed HTTP POST) or inApp (the inbox).',
  );

/** One of the transports. */
export type TransportKind = z.infer<typeof TransportKind>;

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
  .describe('The name of an environment variable.');

const SlackChannelConfig = z
  .strictObject({
    webhookUrlEnv: EnvName.optional().describe(
      'Environment variable that holds the Slack incoming-webhook URL (preferred: the URL is a secret).',
    ),
    webhookUrl: z
      .url()
      .optional()
      .describe('The incoming-webhook URL itself; prefer webhookUrlEnv when the repository is shared.'),
  })
  .refine((v) => (v.webhookUrlEnv === undefined) !== (v.webhookUrl === undefined), {
    message: 'set exactly one of webhookUrlEnv or webhookUrl',
  })
  .describe('Slack through an incoming webhook: every message posts to the channel the webhook belongs to.');

const EmailChannelConfig = z
  .strictObject({
    host: z.string().min(1).describe('SMTP server host name, e.g. smtp.sendgrid.net.'),
    port: z.number().int().min(1).max(65535).default(587).describe('SMTP port: 587 (STARTTLS) or 465 (TLS).'),
    secure: z
      .boolean()
      .default(false)
      .describe('Connect over TLS from the start (port 465); otherwise STARTTLS is used when offered.'),
    from: z.string().min(1).describe('The From address, e.g. "RevOps <revops@acme.com>".'),
    userEnv: EnvName.optional().describe(
      'Environment variable holding the SMTP user name, when the server needs auth.',
    ),
    passEnv: EnvName.optional().describe('Environment variable holding the SMTP password.'),
  })
  .refine((v) => (v.userEnv === undefined) === (v.passEnv === undefined), {
    message: 'set both userEnv and passEnv, or neither',
  })
  .describe('Email over SMTP. A recipient is an address, or a user id whose user record has an email.');

const WebhookChannelConfig = z
  .strictObject({
    url: z.url().describe('Where each message is POSTed as JSON.'),
    secretEnv: EnvName.describe(
      'Environment variable holding the shared secret; each request carries X-Revloops-Signature: v1=<HMAC-SHA256>.',
    ),
  })
  .describe('A generic signed webhook, e.g. an engagement platform or your own service.');

const InAppChannelConfig = z
  .strictObject({})
  .describe('The in-app inbox: the outbox row itself is the message. Always available; needs no settings.');

/** The `channels` block of revloops.yaml: where notifications and escalations are delivered. */
export const ChannelsConfig = z
  .strictObject({
    slack: SlackChannelConfig.optional(),
    email: EmailChannelConfig.optional(),
    webhook: WebhookChannelConfig.optional(),
    inApp: InAppChannelConfig.optional(),
    routes: z
      .record(z.string().min(1), TransportKind)
      .default({})
      .describe(
        'Maps a channel name, as loops pass it to notify, to a transport, e.g. { nudges: slack }. ' +
          'Names that are transports route to themselves; in_app and in-app mean inApp; escalation goes to inApp.',
      ),
    defaultTransport: TransportKind.optional().describe(
      'Where a channel with no route goes. Without it such messages are dead-lettered with an error naming the channel.',
    ),
  })
  .describe('Notification channels: the transports and which channel names use them.');

/** A parsed `channels` block. */
export type ChannelsConfig = z.infer<typeof ChannelsConfig>;

/** The routes every workspace has, before its own `routes`. */
export const DEFAULT_ROUTES: Readonly<Record<string, TransportKind>> = {
  slack: 'slack',
  email: 'email',
  webhook: 'webhook',
  inApp: 'inApp',
  in_app: 'inApp',
  'in-app': 'inApp',
  escalation: 'inApp',
};

/** The transport a channel name is delivered through, or undefined when nothing routes it. */
export function resolveTransportKind(channels: ChannelsConfig, channel: string): TransportKind | undefined {
  return channels.routes[channel] ?? DEFAULT_ROUTES[channel] ?? channels.defaultTransport;
}

/** The channel names a workspace delivers in-app (the names its inbox shows), from routes and defaults. */
export function inAppChannels(channels: ChannelsConfig): string[] {
  const names = new Set([...Object.keys(DEFAULT_ROUTES), ...Object.keys(channels.routes)]);
  return [...names].filter((name) => resolveTransportKind(channels, name) === 'inApp').sort();
}

/** The environment a transport reads its secrets from. */
export type SecretEnv = Readonly<Record<string, string | undefined>>;

/** Reads a secret named in config; a missing one is a config error naming the field and variable. */
export function readSecret(env: SecretEnv, name: string, field: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new RevloopsError(
      'CONFIG_INVALID',
      `${field} names the environment variable ${name}, which is not set`,
      [{ path: field, message: `set ${name} in the environment` }],
    );
  }
  return value;
}
