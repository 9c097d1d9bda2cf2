import type { Json, JsonObject, LoopContext } from '../../kernel/index.js';
import type { GenerateConfig } from './config.js';

type Ctx = LoopContext<GenerateConfig>;

const DAY = 86_400_000;

/** One ABM play started for an account, as its `abmPlays` field keeps it. */
export interface PlayRun {
  play: string;
  startedAt: string;
  score: number;
  /** The account's opportunities when the play started: a new one later means it converted. */
  opportunities: string[];
  reviewed: boolean;
  converted: boolean | null;
}

/** The plays an account has run, oldest first (an unreadable entry is dropped). */
export function playsOf(values: JsonObject): PlayRun[] {
  const raw = values.abmPlays;
  if (!Array.isArray(raw)) return [];
  const out: PlayRun[] = [];
  for (const p of raw) {
    if (!p || typeof p !== 'object' || Array.isArray(p)) continue;
    if (typeof p.play !== 'string' || typeof p.startedAt !== 'string') continue;
    out.push({
      play: p.play,
      startedAt: p.startedAt,
      score: typeof p.score === 'number' ? p.score : 0,
      opportunities: Array.isArray(p.opportunities)
        ? p.opportunities.filter((o): o is string => typeof o === 'string')
        : [],
      reviewed: p.reviewed === true,
      converted: typeof p.converted === 'boolean' ? p.converted : null,
    });
  }
  return out;
}

/** The fields that store an account's plays. */
export function playsJson(plays: readonly PlayRun[]): JsonObject {
  return {
    abmPlays: plays.map((p) => ({ ...p, opportunities: [...p.opportunities] }) as unknown as Json),
    abmPending: plays.some((p) => !p.reviewed),
  };
}

/**
 * Reviews every ABM play started at least `reviewAfterDays` ago: it converted when its account
 * has an opportunity it did not have when the play started. Writes the verdict to the account.
 */
export async function reviewPlays(ctx: Ctx): Promise<{ reviewed: number; converted: number }> {
  const abm = ctx.config.abm;
  if (!abm) return { reviewed: 0, converted: 0 };
  const now = ctx.clock.now().getTime();
  let reviewed = 0;
  let converted = 0;
  for (const account of await ctx.records.find('account', { abmPending: true })) {
    const plays = playsOf(account.values);
    let changed = false;
    for (const p of plays) {
      if (p.reviewed || now - Date.parse(p.startedAt) < abm.reviewAfterDays * DAY) continue;
      const opps = await ctx.records.find('opportunity', { accountId: account.id });
      const fresh = opps.map((o) => o.id).filter((id) => !p.opportunities.includes(id));
      p.reviewed = true;
      p.converted = fresh.length > 0;
      changed = true;
      reviewed++;
      if (p.converted) converted++;
      ctx.trace.rule(
        `abm review ${account.id} ${p.play}`,
        p.converted,
        p.converted
          ? `converted: new opportunity ${fresh.join(', ')} since the play started ${p.startedAt.slice(0, 10)}`
          : `not converted: no new opportunity since the play started ${p.startedAt.slice(0, 10)}`,
      );
    }
    if (changed) ctx.write('account', account.id, playsJson(plays), 'patch');
  }
  return { reviewed, converted };
}
