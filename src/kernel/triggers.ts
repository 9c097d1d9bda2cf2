/** What starts a loop run. A tagged union: every trigger names its kind. */
export type Trigger =
  | { kind: 'event'; on: string }
  | { kind: 'handoff'; from: string; on: string }
  | { kind: 'schedule'; cron: string; timezone?: string }
  | { kind: 'materialize' }
  | { kind: 'model' }
  | { kind: 'operator'; action: string };

/** Trigger kinds, for validation and docs. */
export const TRIGGER_KINDS = ['event', 'handoff', 'schedule', 'materialize', 'model', 'operator'] as const;

/** The archetypes a loop runs in (DESIGN §2). */
export type Archetype = 'event' | 'scheduled' | 'materialized' | 'modeling' | 'human-led';

/** The event type a trigger listens to, if it listens to events at all. */
export function triggerEventType(trigger: Trigger): string | undefined {
  return trigger.kind === 'event' || trigger.kind === 'handoff' ? trigger.on : undefined;
}
