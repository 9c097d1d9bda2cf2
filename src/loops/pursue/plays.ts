import { type CompiledCondition, compileCondition, type JsonObject } from '../../kernel/index.js';
import { CEL_VARIABLES, type Play, type PursueConfig } from './config.js';
import { DAY } from './deal.js';

/** The plays of a config with their conditions compiled once per config version. */
export interface CompiledPlays {
  plays: readonly { play: Play; index: number; test: CompiledCondition | null }[];
}

/** Compiles every play's condition (closures over the parsed YAML, no eval). */
export function compilePlays(config: Readonly<PursueConfig>): CompiledPlays {
  return {
    plays: config.plays.map((play, index) => ({
      play,
      index,
      test: play.when === undefined ? null : compileCondition(play.when, { celVariables: CEL_VARIABLES }),
    })),
  };
}

/** A play tried against a deal, for the trace. */
export interface PlayTried {
  play: string;
  matched: boolean;
  reason: string;
}

/** The first play whose condition matches the deal, with every play tried up to it. */
export function choosePlay(
  compiled: CompiledPlays,
  deal: JsonObject,
): { play: Play | null; tried: PlayTried[] } {
  const tried: PlayTried[] = [];
  for (const p of compiled.plays) {
    const r = p.test ? p.test(deal) : { matched: true, reason: 'no condition: matches every deal' };
    tried.push({ play: p.play.name, matched: r.matched, reason: r.reason });
    if (r.matched) return { play: p.play, tried };
  }
  return { play: null, tried };
}

/** The play a deal falls under, without reasons (the evaluator's hot path). */
export function playNameOf(compiled: CompiledPlays, deal: JsonObject): string | null {
  for (const p of compiled.plays) if (!p.test || p.test.test(deal)) return p.play.name;
  return null;
}

/** A milestone scheduled for a deal: its due date and the role that owns it. */
export interface ScheduledMilestone {
  name: string;
  owner: string;
  dueAt: string;
}

/**
 * The play's milestones with due dates, staggered: each is due `dueDays` after the SQO or after
 * the previous milestone's due date.
 */
export function scheduleMilestones(play: Play, sqoAt: number): ScheduledMilestone[] {
  let previous = sqoAt;
  return play.milestones.map((m) => {
    const due = (m.from === 'sqo' ? sqoAt : previous) + m.dueDays * DAY;
    previous = due;
    return { name: m.name, owner: m.owner, dueAt: new Date(due).toISOString() };
  });
}
