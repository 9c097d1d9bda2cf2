import type { Issue } from '../kernel/index.js';
import {
  ChannelsConfig,
  resolveTransportKind,
  type SecretEnv,
  type TransportKind,
} from './channels-config.js';
import type { WorkspaceConfig } from './workspace-config.js';
import type { YamlSource } from './yaml-source.js';

/** Whether revloops.yaml has the settings a transport needs; the in-app inbox needs none. */
const configured = (channels: ChannelsConfig, kind: TransportKind) =>
  kind === 'inApp' || Boolean(channels[kind]);

/** The governance fields that name a channel, with their YAML paths. */
function governanceChannels(config: WorkspaceConfig): { path: (string | number)[]; channel: string }[] {
  const g = config.governance;
  if (!g) return [];
  const owners = Object.entries(g.owners).map(([loop, o]) => ({
    path: ['governance', 'owners', loop, 'channel'],
    channel: o.channel,
  }));
  const escalations = Object.entries(g.queues).flatMap(([queue, q]) =>
    q.escalation.map((level, i) => ({
      path: ['governance', 'queues', queue, 'escalation', i, 'channel'],
      channel: level.channel,
    })),
  );
  return [...owners, ...escalations];
}

/**
 * Channel routes, the default transport and governance channels that lead to a transport
 * revloops.yaml does not configure: every message sent that way would be dead-lettered.
 */
export function checkChannels(config: WorkspaceConfig, main: YamlSource): Issue[] {
  const channels = config.channels ?? ChannelsConfig.parse({});
  const issues: Issue[] = [];
  const issue = (path: (string | number)[], message: string) =>
    issues.push({ file: main.file, ...main.locate(path), path: path.join('.'), message });
  for (const [name, kind] of Object.entries(channels.routes))
    if (!configured(channels, kind))
      issue(
        ['channels', 'routes', name],
        `channel ${name} routes to ${kind}, which is not configured: add channels.${kind} or route ${name} elsewhere`,
      );
  const fallback = channels.defaultTransport;
  if (fallback && !configured(channels, fallback))
    issue(['channels', 'defaultTransport'], `${fallback} is not configured: add channels.${fallback}`);
  for (const { path, channel } of governanceChannels(config)) {
    // A route already reported above is not reported again where it is used.
    if (channels.routes[channel] !== undefined) continue;
    const kind = resolveTransportKind(channels, channel);
    if (!kind)
      issue(
        path,
        `no transport for channel ${channel}: map it in channels.routes or set channels.defaultTransport`,
      );
    else if (!configured(channels, kind) && kind !== fallback)
      issue(path, `channel ${channel} goes to ${kind}, which is not configured: add channels.${kind}`);
  }
  return issues;
}

/** The environment variables a configured transport reads its secrets from, with their YAML paths. */
function secretNames(channels: ChannelsConfig): { path: string[]; name: string }[] {
  const names: { path: string[]; name: string }[] = [];
  if (channels.slack?.webhookUrlEnv)
    names.push({ path: ['channels', 'slack', 'webhookUrlEnv'], name: channels.slack.webhookUrlEnv });
  if (channels.email?.userEnv)
    names.push({ path: ['channels', 'email', 'userEnv'], name: channels.email.userEnv });
  if (channels.email?.passEnv)
    names.push({ path: ['channels', 'email', 'passEnv'], name: channels.email.passEnv });
  if (channels.webhook)
    names.push({ path: ['channels', 'webhook', 'secretEnv'], name: channels.webhook.secretEnv });
  return names;
}

/**
 * Transport secrets not set in this environment, as `file:line:column: path: message` warnings. Only a
 * warning: the worker may run where they are set.
 */
export function channelSecretWarnings(config: WorkspaceConfig, main: YamlSource, env: SecretEnv): string[] {
  const channels = config.channels;
  if (!channels) return [];
  return secretNames(channels)
    .filter(({ name }) => !env[name])
    .map(({ path, name }) => {
      const { line, column } = main.locate(path);
      const kind = path[1];
      return `${main.file}:${line}:${column}: ${path.join('.')}: ${name} is not set in this environment; ${kind} deliveries fail where the worker runs without it`;
    });
}
