import type { Decided, LoopContext, StoredRecord } from '../../kernel/index.js';
import { reviewPlays } from './abm-state.js';
import { type Candidate, compiledAt, countSkips, type Skip, suppression } from './audience.js';
import { dueAt, FIRST_LOOKBACK_MS, nextAfter } from './cadence.js';
import type { Campaign, GenerateConfig } from './config.js';
import { CAMPAIGN_DUE, type CampaignDue, type CoreOutput, type GenerateTick } from './contract.js';
import { sendTo } from './send.js';

type Ctx = LoopContext<GenerateConfig>;
type CampaignOutput = Extract<CoreOutput, { kind: 'campaign' }>;

/**
 * The scheduled tick: each active campaign whose cadence fired since the previous tick is handed
 * on as its own run (one decision per campaign), and ABM plays old enough are reviewed for
 * conversion. A history pass (`revloops run generate --as-of` a past instant) only records which
 * campaigns were due then: it starts no run, so nobody is sent anything, and reviews no play.
 */
export async function tick(ctx: Ctx, input: GenerateTick): Promise<Decided<CoreOutput>> {
  const historyPass = input.history === true;
  const upTo = new Date(input.scheduledFor);
  const after = input.previousTick
    ? new Date(input.previousTick)
    : new Date(upTo.getTime() - FIRST_LOOKBACK_MS);
  const due: { campaign: string; dueAt: string }[] = [];
  for (const c of ctx.config.campaigns) {
    const rule = `campaign ${c.name} due`;
    if (!c.active) {
      ctx.trace.rule(rule, false, 'the campaign is not active');
      continue;
    }
    const at = dueAt(c.cadence, after, upTo);
    if (!at) {
      const next = nextAfter(c.cadence, upTo);
      ctx.trace.rule(
        rule,
        false,
        `cadence "${c.cadence.cron}" (${c.cadence.timezone}) did not fire since ${after.toISOString()}; next ${next?.toISOString() ?? 'never'}`,
      );
      continue;
    }
    const dueIso = at.toISOString();
    ctx.trace.rule(rule, true, `cadence "${c.cadence.cron}" (${c.cadence.timezone}) fired at ${dueIso}`);
    due.push({ campaign: c.name, dueAt: dueIso });
    if (historyPass) continue;
    const run: CampaignDue = { campaign: c.name, dueAt: dueIso, scheduledFor: input.scheduledFor };
    ctx.handoff(CAMPAIGN_DUE, run, `campaign:${c.name}`);
  }
  const review = historyPass ? { reviewed: 0, converted: 0 } : await reviewPlays(ctx);
  if (historyPass)
    ctx.trace.step('history-pass', {
      asOf: ctx.clock.iso(),
      campaignsNotRun: due.map((d) => d.campaign),
      abmReview: 'skipped',
    });
  return ctx.decide(
    {
      kind: 'tick',
      scheduledFor: input.scheduledFor,
      due,
      abmReviewed: review.reviewed,
      abmConverted: review.converted,
      ...(historyPass ? { history: true as const } : {}),
    },
    {
      confidence: 1,
      subject: 'loop:generate',
      reasons: historyPass
        ? [
            `${due.length} campaign(s) were due: ${due.map((d) => d.campaign).join(', ') || 'none'}`,
            `history pass as of ${ctx.clock.iso()}: campaign runs, sends and ABM reviews withheld`,
          ]
        : [
            `${due.length} campaign(s) due: ${due.map((d) => d.campaign).join(', ') || 'none'}`,
            `${review.reviewed} ABM play(s) reviewed, ${review.converted} converted`,
          ],
    },
  );
}

/** The contacts that pass a campaign's account and contact conditions, in contact id order. */
async function audienceOf(ctx: Ctx, c: Campaign): Promise<{ contacts: number; matched: Candidate[] }> {
  const accounts = new Map<string, StoredRecord>();
  for (const a of await ctx.records.find('account', {})) accounts.set(a.id, a);
  const contacts = await ctx.records.find('contact', {});
  const accountTest = c.audience.accounts
    ? compiledAt(ctx, `campaigns.${c.name}.audience.accounts`, c.audience.accounts, 'account')
    : null;
  const contactTest = c.audience.contacts
    ? compiledAt(ctx, `campaigns.${c.name}.audience.contacts`, c.audience.contacts, 'contact')
    : null;
  const matched: Candidate[] = [];
  for (const contact of contacts) {
    const accountId = contact.values.accountId;
    const account = typeof accountId === 'string' ? (accounts.get(accountId) ?? null) : null;
    if (accountTest && !(account && accountTest.test(account.values))) continue;
    if (contactTest && !contactTest.test(contact.values)) continue;
    matched.push({ contact, account });
  }
  ctx.trace.step('audience', {
    contacts: contacts.length,
    matched: matched.length,
    accounts: [...new Set(matched.map((m) => m.account?.id ?? '-'))].sort(),
  });
  return { contacts: contacts.length, matched };
}

/**
 * A campaign run: selects the audience, skips every contact suppression or the budget rules out
 * (each explained in the trace), writes the rest as campaign members and sends to them through the
 * outbox on the campaign's channel.
 */
export async function runCampaign(ctx: Ctx, due: CampaignDue): Promise<Decided<CoreOutput>> {
  const subject = `campaign:${due.campaign}`;
  const c = ctx.config.campaigns.find((x) => x.name === due.campaign);
  const output: CampaignOutput = {
    kind: 'campaign',
    campaign: due.campaign,
    dueAt: due.dueAt,
    channel: c?.channel.kind ?? '-',
    audience: 0,
    members: [],
    skipped: {},
    sends: 0,
    budget: null,
  };
  if (!c?.active)
    return ctx.decide(output, {
      confidence: 1,
      subject,
      reasons: [`campaign ${due.campaign} is ${c ? 'not active' : 'no longer configured'}: nothing sent`],
    });
  const { matched } = await audienceOf(ctx, c);
  output.audience = matched.length;
  const cap = c.budget ? Math.floor(c.budget.amount / c.budget.costPerMember) : null;
  const used = cap === null ? 0 : await ctx.records.count('campaign_member', { campaignId: c.name });
  const members: Candidate[] = [];
  const skips: Skip[] = [];
  const limit = c.audience.limit ?? Number.POSITIVE_INFINITY;
  for (const [i, m] of matched.entries()) {
    if (members.length >= limit) {
      // The rest wait for the next run; they are not skipped.
      ctx.trace.step('limit', { limit: c.audience.limit ?? null, leftForNextRun: matched.length - i });
      break;
    }
    const blocked = await suppression(ctx, m.contact, c.name, c.channel.kind === 'email');
    if (blocked) {
      skips.push(blocked);
      continue;
    }
    if (cap !== null && used + members.length >= cap) {
      const detail = `budget ${c.budget?.amount} at ${c.budget?.costPerMember} per member allows ${cap} member(s); ${used + members.length} already`;
      ctx.trace.rule(`suppress ${m.contact.id}: budget`, true, detail);
      skips.push({ contactId: m.contact.id, reason: 'budget', detail });
      continue;
    }
    members.push(m);
  }
  const at = ctx.clock.iso();
  for (const m of members)
    ctx.write(
      'campaign_member',
      `${c.name}-${m.contact.id}`,
      {
        campaignId: c.name,
        contactId: m.contact.id,
        ...(m.account ? { accountId: m.account.id } : {}),
        status: 'sent',
        channel: c.channel.kind,
        addedAt: at,
        dueAt: due.dueAt,
      },
      'upsert',
    );
  output.sends = sendTo(ctx, c.name, c.channel, c.offer, members);
  output.members = members.map((m) => m.contact.id);
  output.skipped = countSkips(skips);
  if (cap !== null) output.budget = { cap, used: used + members.length };
  ctx.trace.step('members', { added: output.members, sends: output.sends });
  const skipped = Object.entries(output.skipped).map(([r, n]) => `${r} ${n}`);
  return ctx.decide(output, {
    confidence: 1,
    subject,
    reasons: [
      `${matched.length} contact(s) in the audience, ${members.length} added and sent by ${c.channel.kind}`,
      `skipped: ${skipped.join(', ') || 'none'}`,
      ...(cap === null ? [] : [`budget: ${used + members.length} of ${cap} member(s) used`]),
    ],
  });
}
