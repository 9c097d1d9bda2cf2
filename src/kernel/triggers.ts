import type { z } from 'zod';
import type { RecordKind } from './records.js';

/**
 * What starts a loop run. A tagged union: every trigger names its kind. An event or handoff
 * trigger may give the contract of its own payload (`input`), narrower than the loop's input when
 * the loop takes several event types: intake checks an event against it before storing it, the
 * run checks it first, and `validate` compares handoffs with it.
 */
export type Trigger =
  | { kind: 'event'; on: string; input?: z.ZodType }
  | { kind: 'handoff'; from: string; on: string; input?: z.ZodType }
  /**
   * Runs on the cron schedule found at `config` (a dotted path to a ScheduleConfig block in the
   * loop's config). `history`: the pass honours a tick's `history: true` (a run as of a past
   * instant records decisions and acts on nothing), so an operator may run it as of a past date.
   */
  | { kind: 'schedule'; config: string; history?: boolean }
  /** Computes desired state; `kinds` lists the record kinds it owns, parents and structure first. */
  | { kind: 'materialize'; kinds: readonly RecordKind[] }
  /** Runs on demand against a scenario and stores an artifact. */
  | { kind: 'model' }
  | { kind: 'operator'; action: string };

/** Trigger kinds, for validation and docs. */
export const TRIGGER_KINDS = ['event', 'handoff', 'schedule', 'materialize', 'model', 'operator'] as const;

/** The archetypes a loop runs in (DESIGN §2). */
export type Archetype = 'event' | 'scheduled' | 'materialized' | 'modeling' | 'human-led';

/** The event type a trigger listens to, if it listens to events at all. */
export function triggerEventType(trigger: Trigger, loop: string): string | undefined {
  if (trigger.kind === 'event' || trigger.kind === 'handoff') return trigger.on;
  if (trigger.kind === 'schedule') return `tick.${loop}`;
  return undefined;
}
