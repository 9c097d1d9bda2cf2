import type { AgentGateway } from './agents.js';
import type { Clock, Random } from './determinism.js';
import type { LookupGateway } from './lookups.js';
import type { Effect, EscalationEffect, JsonObject, ReviewItemEffect, TaskEffect } from './outputs.js';
import type { RecordKind, RecordReader } from './records.js';
import type { Trace } from './trace.js';

/** The decision a loop returns: its output and how sure it is. */
export interface Decided<O> {
  readonly output: O;
  readonly confidence: number | null;
  readonly subject: string | null;
  readonly reasons: readonly string[];
}

/** Everything a loop's logic may touch. No I/O happens except through it. */
export interface LoopContext<C> {
  /** The loop's name. */
  readonly loop: string;
  /** Parsed, typed and frozen config of this loop. */
  readonly config: Readonly<C>;
  /** Content hash of the config this run uses. */
  readonly configVersion: string;
  /** The subject the triggering event is about (`lead:123`), when it names one. */
  readonly subject: string | null;
  /** The type of the event that started the run (`lead.created`), or null for a run no event started. */
  readonly eventType: string | null;
  /** Read access to the records of work; reads are recorded for replay. */
  readonly records: RecordReader;
  /** Semantic work; answers are recorded for replay. */
  readonly agents: AgentGateway;
  /** HTTP and data-file lookups (enrichment providers); answers are recorded for replay. */
  readonly lookup: LookupGateway;
  /** The trace recorder. */
  readonly trace: Trace;
  /** The run's instant, fixed for the run. */
  readonly clock: Clock;
  /** Seeded randomness. */
  readonly random: Random;
  /** Writes fields to a record of work; returns the effect id. */
  write(record: RecordKind, recordId: string, values: JsonObject, op?: 'upsert' | 'patch' | 'delete'): string;
  /** Creates a task; returns its id. */
  task(task: Omit<TaskEffect, 'kind' | 'id'>): string;
  /** Sends a notification through the outbox; returns its id. */
  notify(channel: string, to: string, message: string, data?: JsonObject): string;
  /** Hands a typed event to the next loop; returns the event's effect id. */
  handoff(type: string, payload: JsonObject, subject?: string): string;
  /** Puts an item in a review queue; returns its id. */
  review(queue: string, item: Omit<ReviewItemEffect, 'kind' | 'id' | 'queue'>): string;
  /** Escalates to a person; returns its id. */
  escalate(escalation: Omit<EscalationEffect, 'kind' | 'id'>): string;
  /** Ends the run with its output. */
  decide<O>(
    output: O,
    meta?: { confidence?: number; subject?: string; reasons?: readonly string[] },
  ): Decided<O>;
  /** The effects produced so far. */
  effects(): readonly Effect[];
}
