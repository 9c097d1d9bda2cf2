import type { JsonObject, LoopContext } from '../../kernel/index.js';
import type { Candidate } from './audience.js';
import type { Channel, GenerateConfig } from './config.js';

type Ctx = LoopContext<GenerateConfig>;

/** What a send offers. */
export interface SendOffer {
  name: string;
  url: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Fills {firstName}, {company}, {offer} and {url}; unknown placeholders stay as written. */
export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** One CSV cell: quoted when it holds a comma, quote or line break. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A member's value for an export column: a contact field, or company and domain of the account. */
function column(c: Candidate, name: string): string {
  if (name === 'company') return text(c.account?.values.name ?? c.contact.values.company);
  if (name === 'domain') return text(c.account?.values.domain ?? c.contact.values.domain);
  if (name === 'contactId') return c.contact.id;
  return text(c.contact.values[name]);
}

/** The ad-audience export: a header line and one line per member. */
export function audienceCsv(members: readonly Candidate[], columns: readonly string[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const m of members) lines.push(columns.map((c) => cell(column(m, c))).join(','));
  return `${lines.join('\n')}\n`;
}

/** The default outbox channel of a send. */
function routeOf(channel: Channel): string {
  return channel.route ?? (channel.kind === 'email' ? 'email' : 'webhook');
}

/** The touch channel a send records per member, or null. */
function touchOf(channel: Channel): string | null {
  return channel.touch ?? (channel.kind === 'email' ? 'email' : null);
}

/**
 * Sends to members through the outbox: an email per member, or one ad-audience CSV or one webhook
 * list for the platform in `to`. When the send records touches, each member gets a `touch` record
 * (so attribution and recent-touch suppression see it). Returns the number of outbox messages.
 */
export function sendTo(
  ctx: Ctx,
  campaignId: string,
  channel: Channel,
  offer: SendOffer,
  members: readonly Candidate[],
  step = 0,
): number {
  if (members.length === 0) return 0;
  const route = routeOf(channel);
  const at = ctx.clock.iso();
  let sends = 0;
  if (channel.kind === 'email') {
    for (const m of members) {
      const vars = {
        firstName: text(m.contact.values.firstName) || 'there',
        company: column(m, 'company'),
        offer: offer.name,
        url: offer.url,
      };
      // The first line of a message is its title (the email subject), the rest its text.
      const message = `${fill(channel.subject, vars)}\n\n${fill(channel.body, vars)}`;
      ctx.notify(route, text(m.contact.values.email), message, {
        campaign: campaignId,
        contactId: m.contact.id,
        offer: offer.name,
      });
      sends++;
    }
  } else if (channel.kind === 'ad-audience') {
    const csv = audienceCsv(members, channel.columns);
    ctx.notify(
      route,
      channel.to ?? '',
      `Ad audience for ${campaignId}: ${members.length} contact(s) as CSV`,
      {
        campaign: campaignId,
        format: 'csv',
        filename: `${campaignId}-${at.slice(0, 10)}.csv`,
        rows: members.length,
        csv,
      },
    );
    sends++;
  } else {
    const list: JsonObject[] = members.map((m) => ({
      contactId: m.contact.id,
      email: text(m.contact.values.email),
      firstName: text(m.contact.values.firstName),
      lastName: text(m.contact.values.lastName),
      title: text(m.contact.values.title),
      accountId: m.account?.id ?? null,
      company: column(m, 'company'),
    }));
    ctx.notify(route, channel.to ?? '', `Campaign ${campaignId}: ${members.length} member(s)`, {
      campaign: campaignId,
      offer: offer.name,
      url: offer.url,
      members: list,
    });
    sends++;
  }
  const touch = touchOf(channel);
  if (touch)
    for (const m of members) {
      const accountId = m.account?.id ?? text(m.contact.values.accountId);
      if (!accountId) continue;
      ctx.write(
        'touch',
        `${campaignId}-${step}-${m.contact.id}-${at.replace(/[^0-9]/g, '')}`,
        { accountId, channel: touch, occurredAt: at, campaignId, contactId: m.contact.id },
        'upsert',
      );
    }
  return sends;
}
