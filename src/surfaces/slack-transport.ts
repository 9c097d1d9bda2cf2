import type { JsonObject } from '../kernel/index.js';
import { type ChannelsConfig, readSecret, type SecretEnv } from '../workspace/channels-config.js';
import { postJson } from './http-post.js';
import { dataLines, messageTitle, type OutboxMessage, type Transport } from './outbox-message.js';

/** The Slack settings of a parsed channels block. */
export type SlackConfig = NonNullable<ChannelsConfig['slack']>;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack user or channel id (`U…`, `W…`, `C…`) becomes a mention; anything else is shown as text. */
function mention(recipient: string): string {
  if (/^[UW][A-Z0-9]{6,}$/.test(recipient)) return `<@${recipient}>`;
  if (/^C[A-Z0-9]{6,}$/.test(recipient)) return `<#${recipient}>`;
  return escapeMrkdwn(recipient);
}

/** The incoming-webhook body: `text` for notifications and fallbacks, `blocks` for the layout. */
function slackBody(message: OutboxMessage): { text: string; blocks: JsonObject[] } {
  const c = message.content;
  const to = mention(message.recipient);
  const head =
    c.kind === 'notification'
      ? escapeMrkdwn(c.message)
      : `:rotating_light: *Escalation:* ${escapeMrkdwn(c.reason)}`;
  const text = `${to}: ${messageTitle(message)}`;
  const context = [`to ${to}`];
  if (c.kind === 'escalation' && c.subject) context.push(`subject ${escapeMrkdwn(c.subject)}`);
  context.push(`decision ${message.decisionId}`);
  const blocks: JsonObject[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  const lines = dataLines(message);
  if (lines.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: escapeMrkdwn(lines.join('\n')).slice(0, 2900) },
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  return { text, blocks };
}

/** Posts to a Slack incoming webhook; the URL comes from config or, preferably, the environment. */
export function slackTransport(config: SlackConfig, env: SecretEnv): Transport {
  return {
    kind: 'slack',
    async send(message) {
      const url =
        config.webhookUrl ?? readSecret(env, config.webhookUrlEnv ?? '', 'channels.slack.webhookUrlEnv');
      await postJson(url, JSON.stringify(slackBody(message)), {});
    },
  };
}
