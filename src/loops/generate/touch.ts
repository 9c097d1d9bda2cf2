import type { Decided, JsonObject, LoopContext } from '../../kernel/index.js';
import type { GenerateConfig } from './config.js';
import type { CoreOutput, TouchRecorded } from './contract.js';

type Ctx = LoopContext<GenerateConfig>;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The id of a touch: the source's id, else account, channel, instant and contact. */
function touchId(t: TouchRecorded): string {
  if (t.touchId) return t.touchId;
  const at = new Date(t.occurredAt).toISOString().replace(/[^0-9]/g, '');
  return [t.accountId, slug(t.channel), at, t.contactId].filter(Boolean).join('-');
}

/** A marketing touch from any source, kept as a touch record for attribution and suppression. */
export function recordTouch(ctx: Ctx, t: TouchRecorded): Decided<CoreOutput> {
  const id = touchId(t);
  const values: JsonObject = {
    accountId: t.accountId,
    channel: t.channel,
    occurredAt: new Date(t.occurredAt).toISOString(),
    ...(t.campaignId ? { campaignId: t.campaignId } : {}),
    ...(t.contactId ? { contactId: t.contactId } : {}),
  };
  ctx.write('touch', id, values, 'upsert');
  return ctx.decide(
    {
      kind: 'touch',
      touchId: id,
      accountId: t.accountId,
      channel: t.channel,
      campaignId: t.campaignId ?? null,
    },
    {
      confidence: 1,
      subject: `account:${t.accountId}`,
      reasons: [`${t.channel} touch${t.campaignId ? ` from ${t.campaignId}` : ''} recorded as ${id}`],
    },
  );
}
