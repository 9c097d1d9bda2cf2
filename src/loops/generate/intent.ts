import type { Decided, JsonObject, LoopContext, StoredRecord } from '../../kernel/index.js';
import { playsJson, playsOf } from './abm-state.js';
import { type Candidate, compiledAt, countSkips, type Skip, suppression } from './audience.js';
import type { GenerateConfig, Play } from './config.js';
import { type AbmSignal, type CoreOutput, type IntentSignal, SIGNAL_EVENT } from './contract.js';
import { instantOf } from './instant.js';
import { sendTo } from './send.js';

type Ctx = LoopContext<GenerateConfig>;
type IntentOutput = Extract<CoreOutput, { kind: 'intent' }>;
type Abm = NonNullable<GenerateConfig['abm']>;

const DAY = 86_400_000;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

/** The id of an intent record: account, topic and instant, so a resent signal is the same record. */
function intentId(s: Pick<IntentSignal, 'accountId' | 'topic' | 'occurredAt'>): string {
  return `${s.accountId}-${slug(s.topic)}-${new Date(s.occurredAt).toISOString().replace(/[^0-9]/g, '')}`;
}

/** One signal's part in an account's intent score. */
export interface IntentPart {
  topic: string;
  strength: number;
  occurredAt: string;
  ageDays: number;
  weight: number;
  contribution: number;
}

/**
 * An account's intent on the configured topics at `now`: each signal within the window counts its
 * strength halved every `halfLifeDays` of age (a signal dated after now counts in full).
 */
export function intentScore(
  abm: Pick<Abm, 'topics' | 'windowDays' | 'halfLifeDays'>,
  signals: readonly { topic: string; strength: number; occurredAt: string }[],
  now: number,
): { score: number; parts: IntentPart[] } {
  const topics = new Set(abm.topics.map((t) => t.toLowerCase()));
  const parts: IntentPart[] = [];
  for (const s of signals) {
    if (!topics.has(s.topic.toLowerCase())) continue;
    const at = instantOf(s.occurredAt);
    if (Number.isNaN(at)) continue;
    const ageDays = Math.max(0, (now - at) / DAY);
    if (ageDays > abm.windowDays) continue;
    const weight = 0.5 ** (ageDays / abm.halfLifeDays);
    parts.push({
      topic: s.topic,
      strength: s.strength,
      occurredAt: s.occurredAt,
      ageDays: round(ageDays),
      weight: round(weight, 3),
      contribution: s.strength * weight,
    });
  }
  parts.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.topic.localeCompare(b.topic));
  return { score: round(parts.reduce((sum, p) => sum + p.contribution, 0)), parts };
}

/** The buying group of a play at an account: contacts by title words or role, best title first. */
async function buyingGroup(ctx: Ctx, play: Play, account: StoredRecord): Promise<Candidate[]> {
  const titles = play.buyingGroup.titles.map((t) => t.toLowerCase());
  const roles = new Set(play.buyingGroup.roles.map((r) => r.toLowerCase()));
  const ranked: { c: StoredRecord; rank: number }[] = [];
  for (const c of await ctx.records.find('contact', { accountId: account.id })) {
    const title = String(c.values.title ?? '').toLowerCase();
    const role = String(c.values.role ?? '').toLowerCase();
    const t = titles.findIndex((w) => title.includes(w));
    const inGroup = t >= 0 || (role !== '' && roles.has(role));
    ctx.trace.rule(
      `buying group ${c.id}`,
      inGroup,
      inGroup
        ? `${t >= 0 ? `title "${String(c.values.title)}" has "${titles[t]}"` : `role ${role}`}`
        : `title "${String(c.values.title ?? '')}" and role "${role}" are not in the buying group`,
    );
    if (inGroup) ranked.push({ c, rank: t >= 0 ? t : titles.length });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.c.id.localeCompare(b.c.id));
  return ranked.map((r) => ({ contact: r.c, account }));
}

/**
 * The configured topics an account's counted signals are on, in the config's order and spelling:
 * what the account is researching, as the handoff tells engage.
 */
function researchedTopics(abm: Pick<Abm, 'topics'>, parts: readonly Pick<IntentPart, 'topic'>[]): string[] {
  const seen = new Set(parts.map((p) => p.topic.toLowerCase()));
  return abm.topics.filter((t) => seen.has(t.toLowerCase()));
}

/** Starts a play at an account: members from the buying group, the channel steps, the handoff. */
async function startPlay(
  ctx: Ctx,
  abm: Abm,
  play: Play,
  account: StoredRecord,
  signal: IntentSignal,
  researched: readonly string[],
  output: IntentOutput,
): Promise<void> {
  const campaignId = `abm-${play.name}`;
  const group = await buyingGroup(ctx, play, account);
  const needsEmail = play.steps.some((s) => s.kind === 'email');
  const members: Candidate[] = [];
  const skips: Skip[] = [];
  for (const m of group) {
    if (members.length >= play.buyingGroup.max) break;
    const blocked = await suppression(ctx, m.contact, campaignId, needsEmail);
    if (blocked) skips.push(blocked);
    else members.push(m);
  }
  const at = ctx.clock.iso();
  for (const m of members)
    ctx.write(
      'campaign_member',
      `${campaignId}-${m.contact.id}`,
      {
        campaignId,
        contactId: m.contact.id,
        accountId: account.id,
        status: play.steps.length > 0 ? 'sent' : 'added',
        channel: play.steps.map((s) => s.kind).join('+') || 'none',
        addedAt: at,
      },
      'upsert',
    );
  const offer = { name: play.offer?.name ?? play.name, url: play.offer?.url ?? '' };
  play.steps.forEach((step, i) => {
    output.sends += sendTo(ctx, campaignId, step, offer, members, i);
  });
  output.members = members.map((m) => m.contact.id);
  output.skipped = countSkips(skips);
  ctx.trace.step('abm play', {
    play: play.name,
    buyingGroup: group.map((g) => g.contact.id),
    members: output.members,
    steps: play.steps.map((s) => s.kind),
    sends: output.sends,
  });
  if (play.handoff.enabled) {
    const topics = researched.join(', ');
    const payload: AbmSignal = {
      accountId: account.id,
      kind: play.handoff.kind,
      title: `is researching ${topics} (intent ${output.score} over ${abm.windowDays} days)`,
      detail: `Intent score ${output.score} crossed the threshold ${abm.threshold}; latest signal: ${signal.topic} at strength ${signal.strength}${signal.source ? ` from ${signal.source}` : ''}.`,
      date: signal.occurredAt.slice(0, 10),
      source: `generate ABM play ${play.name}`,
    };
    ctx.handoff(SIGNAL_EVENT, payload, `account:${account.id}`);
    output.handedOff = true;
  }
  const opportunities = (await ctx.records.find('opportunity', { accountId: account.id })).map((o) => o.id);
  const plays = playsOf(account.values);
  plays.push({
    play: play.name,
    startedAt: at,
    score: output.score,
    opportunities,
    reviewed: false,
    converted: null,
  });
  ctx.write('account', account.id, playsJson(plays), 'patch');
  output.play = play.name;
  output.outcome = 'started';
}

/**
 * An intent signal: recorded as an intent record; when its topic counts, the account's decayed
 * intent on the configured topics is summed (each signal traced as a factor) and, when it reaches
 * the threshold and no play started for the account within the window, the first matching play
 * starts and the account is handed to engage.
 */
export async function intentSignal(ctx: Ctx, s: IntentSignal): Promise<Decided<CoreOutput>> {
  const subject = `account:${s.accountId}`;
  const id = intentId(s);
  const values: JsonObject = {
    accountId: s.accountId,
    topic: s.topic,
    strength: s.strength,
    occurredAt: s.occurredAt,
    ...(s.source ? { source: s.source } : {}),
  };
  ctx.write('intent', id, values, 'upsert');
  const abm = ctx.config.abm;
  const counted = abm ? abm.topics.some((t) => t.toLowerCase() === s.topic.toLowerCase()) : false;
  const output: IntentOutput = {
    kind: 'intent',
    accountId: s.accountId,
    topic: s.topic,
    strength: s.strength,
    counted,
    score: 0,
    threshold: abm?.threshold ?? null,
    play: null,
    outcome: 'recorded',
    members: [],
    skipped: {},
    sends: 0,
    handedOff: false,
  };
  const done = (reason: string) => ctx.decide(output, { confidence: 1, subject, reasons: [reason] });
  if (!abm) return done(`intent ${s.topic} ${s.strength} recorded; no ABM config`);
  if (!counted) return done(`intent ${s.topic} recorded; the topic is not one of ${abm.topics.join(', ')}`);
  const account = await ctx.records.get('account', s.accountId);
  if (!account) {
    output.outcome = 'unknown-account';
    return done(`intent recorded; no account ${s.accountId} to start a play for`);
  }
  const stored = (await ctx.records.find('intent', { accountId: s.accountId }))
    .filter((r) => r.id !== id)
    .map((r) => ({
      topic: String(r.values.topic ?? ''),
      strength: typeof r.values.strength === 'number' ? r.values.strength : 0,
      occurredAt: String(r.values.occurredAt ?? ''),
    }));
  const now = ctx.clock.now().getTime();
  const { score, parts } = intentScore(abm, [...stored, s], now);
  for (const p of parts)
    ctx.trace.factor(
      `${p.topic} ${p.occurredAt.slice(0, 10)}`,
      p.strength,
      round(p.contribution),
      `strength ${p.strength}, ${p.ageDays} day(s) old, weight ${p.weight}`,
      'intent',
    );
  output.score = score;
  const crossed = score >= abm.threshold;
  ctx.trace.rule(
    'intent threshold',
    crossed,
    `intent ${score} from ${parts.length} signal(s) within ${abm.windowDays} days ${crossed ? '>=' : '<'} threshold ${abm.threshold}`,
  );
  if (!crossed) {
    output.outcome = 'below-threshold';
    return done(`intent ${score} is below the threshold ${abm.threshold}`);
  }
  const recent = playsOf(account.values)
    .filter((p) => now - Date.parse(p.startedAt) < abm.windowDays * DAY)
    .at(-1);
  ctx.trace.rule(
    'play already started',
    recent !== undefined,
    recent
      ? `play ${recent.play} started ${recent.startedAt.slice(0, 10)}, within ${abm.windowDays} days`
      : `no play started for ${account.id} within ${abm.windowDays} days`,
  );
  if (recent) {
    output.outcome = 'already-started';
    output.play = recent.play;
    return done(
      `intent ${score} crossed ${abm.threshold}, but play ${recent.play} already started ${recent.startedAt.slice(0, 10)}`,
    );
  }
  let play: Play | null = null;
  for (const [i, p] of abm.plays.entries()) {
    const r = p.when
      ? compiledAt(ctx, `abm.plays.${i}.when`, p.when, 'account')(account.values)
      : { matched: true, reason: 'no condition: matches every account' };
    ctx.trace.rule(`play ${p.name}`, r.matched, r.reason);
    if (r.matched) {
      play = p;
      break;
    }
  }
  if (!play) {
    output.outcome = 'no-play';
    return done(`intent ${score} crossed ${abm.threshold}, but no play matches account ${account.id}`);
  }
  await startPlay(ctx, abm, play, account, s, researchedTopics(abm, parts), output);
  return done(
    `intent ${score} crossed ${abm.threshold}: play ${play.name} started with ${output.members.length} member(s), ${output.sends} send(s)${output.handedOff ? ', handed to engage' : ''}`,
  );
}
