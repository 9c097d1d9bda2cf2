import type { Decided, JsonObject, LoopContext, StoredRecord } from 'revloops';
import type { PqlConfig } from './config.js';
import type { LeadConverted, PqlOutput, PqlQualified, ProductUsage } from './contract.js';
import {
  type AccountState,
  accountKey,
  addUsage,
  champion,
  companyDomain,
  daysBetween,
  gradeOf,
  type Scored,
  scoreAccount,
  topReasons,
} from './logic.js';

type Ctx = LoopContext<PqlConfig>;

/** The id of an account's usage-state record. */
const stateId = (account: string) => `pql-${account}`;

/**
 * The lead an account is handed off as: the lead of its last handoff, else a lead that already has
 * the champion's email (a marketing lead of the same person), else the account's own PQL lead.
 */
async function leadFor(ctx: Ctx, s: AccountState, email: string): Promise<StoredRecord | null> {
  if (s.leadId) {
    const prior = await ctx.records.get('lead', s.leadId);
    if (prior) return prior;
  }
  const [byEmail] = await ctx.records.find('lead', { email }, { limit: 1 });
  return byEmail ?? (await ctx.records.get('lead', `pql-${s.account}`));
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Writes the lead the account is handed off as, and returns the handoff payload. */
async function handOff(ctx: Ctx, s: AccountState, scored: Scored, grade: string): Promise<PqlQualified> {
  const [champ, user] = champion(s) ?? ['', { lastSeen: s.asOf, uses: 0 }];
  const existing = await leadFor(ctx, s, champ);
  const leadId = existing?.id ?? `pql-${s.account}`;
  const known = existing?.values ?? {};
  const email = str(known.email) ?? champ;
  const name = existing ? str(known.name) : user.name;
  const title = existing ? str(known.title) : user.title;
  ctx.trace.step('lead', { leadId, email, champion: champ, existing: existing !== null });
  const region =
    s.profile.region ?? (s.profile.country ? ctx.config.lead.regions[s.profile.country] : undefined);
  const reasons = topReasons(scored);
  const payload: PqlQualified = {
    leadId,
    email,
    ...(s.domain ? { domain: s.domain } : {}),
    ...(name ? { name } : {}),
    ...(title ? { title } : {}),
    ...(s.profile.company ? { company: s.profile.company } : {}),
    ...(s.profile.country ? { country: s.profile.country } : {}),
    ...(region ? { region } : {}),
    ...(s.profile.employees === undefined ? {} : { employees: s.profile.employees }),
    source: ctx.config.lead.source,
    score: scored.score,
    grade,
    fitScore: scored.fit,
    engagementScore: scored.engagement,
    topReasons: reasons,
    scoringVersion: ctx.configVersion,
    account: s.account,
    workspaceIds: s.workspaceIds,
    plan: s.plan,
    activeUsers: scored.activeUsers,
  };
  // The PQL facts go on the lead under their own names: qualify's grade and score stay qualify's.
  const pql: JsonObject = {
    pqlAccount: s.account,
    pqlScore: scored.score,
    pqlGrade: grade,
    pqlAt: s.asOf,
    pqlReasons: reasons,
    pqlVersion: ctx.configVersion,
  };
  if (existing) ctx.write('lead', leadId, pql, 'patch');
  else {
    const {
      leadId: _id,
      topReasons: _r,
      scoringVersion: _v,
      score: _s,
      grade: _g,
      fitScore: _f,
      engagementScore: _e,
      ...own
    } = payload;
    ctx.write('lead', leadId, { ...own, ...pql } as unknown as JsonObject);
  }
  ctx.handoff('lead.qualified', payload as unknown as JsonObject, `lead:${leadId}`);
  return payload;
}

/**
 * Adds a usage event to its account's rolling state, rescores the account and, when the score
 * crosses the threshold while the account is armed, hands it to route as a lead. An account
 * handed off is disarmed until its score drops below `rearmBelow`.
 */
export async function scoreUsage(ctx: Ctx, e: ProductUsage): Promise<Decided<PqlOutput>> {
  const c = ctx.config;
  const account = accountKey(c, e);
  const id = stateId(account);
  const stored = await ctx.records.get('usage', id);
  const before = (stored?.values ?? null) as unknown as AccountState | null;
  ctx.trace.step('account', { account, found: before !== null, groupBy: c.accounts.groupBy });
  const s = addUsage(c, before, account, e, companyDomain(c, e));
  const scored = scoreAccount(c, s);
  for (const x of scored.contributions) ctx.trace.factor(x.factor, x.value, x.points, x.reason, x.group);
  const previous = before?.score ?? 0;
  let status: 'pql' | 'below' | 'already-pql' | 'rearmed' = 'below';
  if (!s.armed && scored.score < c.rearmBelow) {
    s.armed = true;
    status = 'rearmed';
    ctx.trace.rule(
      'rearm',
      true,
      `${scored.score} < rearmBelow ${c.rearmBelow}: the account can qualify again`,
    );
  }
  const crossed = scored.score >= c.threshold;
  const fires = crossed && s.armed;
  ctx.trace.rule(
    'threshold',
    fires,
    crossed
      ? s.armed
        ? `${scored.score} >= threshold ${c.threshold}`
        : `${scored.score} >= threshold ${c.threshold}, but handed off at ${s.lastPqlAt} and not below ${c.rearmBelow} since`
      : `${scored.score} < threshold ${c.threshold}`,
  );
  let leadId: string | null = null;
  let grade: string | null = null;
  if (fires) {
    grade = gradeOf(c, scored.score) ?? c.grades.at(-1)?.grade ?? 'PQL';
    leadId = (await handOff(ctx, s, scored, grade)).leadId;
    s.armed = false;
    s.pqls += 1;
    s.lastPqlAt = s.asOf;
    s.leadId = leadId;
    status = 'pql';
  } else if (crossed) status = 'already-pql';
  s.score = scored.score;
  ctx.write('usage', id, s as unknown as JsonObject);
  const output: PqlOutput = {
    kind: 'scored',
    account,
    score: scored.score,
    previous,
    status,
    handedOff: fires,
    leadId,
    grade,
    activeUsers: scored.activeUsers,
    topReasons: topReasons(scored),
  };
  const reason = fires
    ? `${account} scored ${scored.score} (from ${previous}), at or above ${c.threshold}: handed to route as lead ${leadId}, grade ${grade}`
    : `${account} scored ${scored.score} (from ${previous}): ${status}`;
  return ctx.decide(output, { confidence: 1, subject: `usage:${id}`, reasons: [reason] });
}

/** Records a conversion against the PQL that was handed off, so PQL conversion can be measured. */
export async function observeConversion(ctx: Ctx, o: LeadConverted): Promise<Decided<PqlOutput>> {
  const fromSubject = ctx.subject?.startsWith('lead:') ? ctx.subject.slice(5) : undefined;
  const leadId = o.leadId ?? fromSubject;
  const lead =
    leadId !== undefined
      ? await ctx.records.get('lead', leadId)
      : o.opportunityId
        ? ((await ctx.records.find('lead', { opportunityId: o.opportunityId }, { limit: 1 }))[0] ?? null)
        : null;
  const v = lead?.values ?? {};
  const account = typeof v.pqlAccount === 'string' ? v.pqlAccount : null;
  const pqlAt = typeof v.pqlAt === 'string' ? v.pqlAt : null;
  const at = o.at ?? ctx.clock.iso();
  const days = pqlAt ? daysBetween(pqlAt, at) : null;
  ctx.trace.step('conversion', { leadId: lead?.id ?? leadId ?? null, pql: account !== null, account, days });
  if (lead && account)
    ctx.write('usage', stateId(account), { convertedAt: at, convertedLeadId: lead.id }, 'patch');
  const output: PqlOutput = {
    kind: 'outcome',
    leadId: lead?.id ?? leadId ?? null,
    pql: account !== null,
    account,
    score: typeof v.pqlScore === 'number' ? v.pqlScore : null,
    daysToConvert: days,
  };
  const reason = account
    ? `PQL ${account} converted ${days} day(s) after handoff`
    : `lead ${output.leadId ?? '(not found)'} was not a product-qualified lead`;
  return ctx.decide(output, {
    confidence: 1,
    ...(output.leadId ? { subject: `lead:${output.leadId}` } : {}),
    reasons: [reason],
  });
}
