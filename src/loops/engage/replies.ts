import type { Decided, LoopContext, StoredRecord } from '../../kernel/index.js';
import type { EngageConfig } from './config.js';
import type { EngagementEvent, EngageOutput } from './contract.js';
import { str } from './facts.js';
import { LIVE_STATUSES } from './safety.js';
import { addDays } from './send-times.js';

type Ctx = LoopContext<EngageConfig>;

/** What the platform reported. */
export type EngagementKind = 'reply' | 'ooo' | 'bounce' | 'unsubscribe';

const isLive = (s: StoredRecord) => (LIVE_STATUSES as readonly string[]).includes(String(s.values.status));

/**
 * The sequence an event is about: by its id, else the live sequence of the lead or contact, else
 * (reply headers rewritten by the mail client) the live sequence sent to the sender's address.
 */
async function sequenceFor(ctx: Ctx, e: EngagementEvent): Promise<{ seq: StoredRecord | null; how: string }> {
  if (e.sequenceId)
    return { seq: await ctx.records.get('activity', e.sequenceId), how: `sequence id ${e.sequenceId}` };
  const tries: [string, Record<string, string>][] = [];
  if (e.leadId) tries.push([`lead ${e.leadId}`, { prospect: `lead:${e.leadId}` }]);
  if (e.contactId) tries.push([`contact ${e.contactId}`, { prospect: `contact:${e.contactId}` }]);
  if (e.from) tries.push([`sender ${e.from}`, { email: e.from.trim().toLowerCase() }]);
  for (const [how, filter] of tries) {
    const found = (await ctx.records.find('activity', { type: 'sequence', ...filter }, { limit: 50 })).filter(
      isLive,
    );
    if (found[0]) return { seq: found[0], how };
  }
  return { seq: null, how: tries.map(([h]) => h).join(', ') || 'nothing to match' };
}

/** Stops a sequence: the record, and a stop command to the platform. */
function stop(ctx: Ctx, seq: StoredRecord, reason: string): void {
  ctx.write('activity', seq.id, { status: 'stopped', stopReason: reason, endedAt: ctx.clock.iso() }, 'patch');
  ctx.notify(
    ctx.config.deploy.channel,
    String(seq.values.email ?? seq.values.prospect),
    `Stop sequence ${seq.id}: ${reason}`,
    {
      action: 'stop',
      sequenceId: seq.id,
      reason,
    },
  );
}

/** The prospect record of a sequence, to flag. */
function prospectRef(seq: StoredRecord): { kind: 'lead' | 'contact'; id: string } | null {
  const [kind, ...rest] = String(seq.values.prospect).split(':');
  return (kind === 'lead' || kind === 'contact') && rest.length > 0 ? { kind, id: rest.join(':') } : null;
}

/** Other live sequences at the same account, stopped when anyone there replies. */
async function accountmates(ctx: Ctx, seq: StoredRecord): Promise<StoredRecord[]> {
  const accountId = str(seq.values.accountId);
  if (!ctx.config.replies.stopAccountOnReply || !accountId) return [];
  const all = await ctx.records.find('activity', { type: 'sequence', accountId }, { limit: 200 });
  return all.filter((s) => s.id !== seq.id && isLive(s));
}

/**
 * A reply stops the sequence (and, by config, everyone else's at the account) and gives the owner a
 * task; an out-of-office pauses it until the return date (else the configured days) and is not a
 * reply; a hard bounce or an unsubscribe stops it and flags the prospect so no sequence starts again.
 */
export async function onEngagement(
  ctx: Ctx,
  kind: EngagementKind,
  e: EngagementEvent,
): Promise<Decided<EngageOutput>> {
  const { seq, how } = await sequenceFor(ctx, e);
  ctx.trace.step('match', {
    kind,
    how,
    sequenceId: seq?.id ?? null,
    status: seq ? String(seq.values.status) : null,
  });
  const ignore = (reason: string) =>
    ctx.decide({ kind: 'ignored', reason } as EngageOutput, { confidence: 1, reasons: [reason] });
  if (!seq || !isLive(seq))
    return ignore(`no live sequence for ${how}${seq ? ` (${seq.id} is ${String(seq.values.status)})` : ''}`);
  const subject = String(seq.values.prospect);
  const prospect = prospectRef(seq);
  const at = e.at ?? ctx.clock.iso();
  if (kind === 'ooo') {
    const until =
      e.returnDate?.slice(0, 10) ?? addDays(ctx.clock.iso().slice(0, 10), ctx.config.replies.oooDefaultDays);
    ctx.write('activity', seq.id, { status: 'paused', pausedUntil: until, pausedAt: at }, 'patch');
    ctx.notify(
      ctx.config.deploy.channel,
      String(seq.values.email ?? subject),
      `Pause sequence ${seq.id} until ${until}`,
      {
        action: 'pause',
        sequenceId: seq.id,
        resumeOn: until,
      },
    );
    const why = `out of office: paused until ${until}${e.returnDate ? ' (the stated return date)' : ` (no return date: ${ctx.config.replies.oooDefaultDays} days)`}; not counted as a reply`;
    return ctx.decide(
      { kind: 'paused', sequenceId: seq.id, until },
      { confidence: 1, subject, reasons: [why] },
    );
  }
  if (kind === 'bounce' && e.bounce !== 'hard')
    return ignore(`soft bounce on ${seq.id}: the platform retries; the sequence goes on`);
  const reason = kind === 'reply' ? 'replied' : kind === 'bounce' ? 'hard bounce' : 'unsubscribed';
  stop(ctx, seq, reason);
  const stopped = [seq.id];
  if (kind === 'reply') {
    for (const other of await accountmates(ctx, seq)) {
      stop(ctx, other, `a colleague at ${String(seq.values.accountId)} replied`);
      stopped.push(other.id);
    }
    if (ctx.config.replies.ownerTask)
      ctx.task({
        title: `Reply from ${String(seq.values.email ?? subject)}: answer it`,
        assignee: String(seq.values.ownerId),
        subject,
        details: { sequenceId: seq.id },
      });
  }
  if (prospect) {
    const flags =
      kind === 'reply'
        ? { engageStatus: 'replied', lastReplyAt: at }
        : kind === 'bounce'
          ? { engageStatus: 'bounced', bounced: true }
          : { engageStatus: 'unsubscribed', unsubscribed: true, doNotContact: true };
    ctx.write(prospect.kind, prospect.id, flags, 'patch');
  }
  const why = `${reason}: stopped ${stopped.join(', ')}`;
  return ctx.decide(
    { kind: 'stopped', cause: kind, sequenceIds: stopped, reason: why },
    { confidence: 1, subject, reasons: [why] },
  );
}
