import type { RecordedAgentCall } from './agents.js';
import type { Effect, Json } from './outputs.js';
import type { TraceEntry } from './trace.js';

/**
 * How a decision was made: `review` for a person's action on a review item, `feedback` for a
 * monitor's finding or a change to a loop's config (a proposal accepted, rejected or rolled back).
 */
export type DecisionMode = 'live' | 'simulation' | 'shadow' | 'replay' | 'review' | 'feedback';

/** A record read during a run, kept so replay sees the same data. */
export interface RecordedRead {
  key: string;
  result: Json;
}

/**
 * How a long kept text is held: packed from `from` characters on when it is kept, unpacked when it
 * is read again. The runtime deflates (JSON of records of one kind packs about fourteen to one).
 */
export interface TextPacking {
  from: number;
  pack(text: string): Uint8Array;
  unpack(packed: Uint8Array): string;
}

/** Marks the constructor call of ofPacked: bytes handed over already packed. */
const ALREADY_PACKED = Symbol('already packed');

/**
 * A read kept as the JSON text of its result, taken when the read returned. A scheduled run that
 * reads every record of a kind keeps them as compact text rather than as a second copy of every
 * object, and with a packing a long text packed: a plan over a million accounts keeps their reads
 * in tens of megabytes, not hundreds. The decision row is written from the text as it is; `result`
 * parses it again, so each caller gets a copy of its own, as a cloned result would be.
 */
export class KeptRead implements RecordedRead {
  readonly key: string;
  private readonly kept: string | Uint8Array;
  private readonly packing: TextPacking | undefined;

  /** `asPacked` (module-private, see ofPacked): `result` is the bytes of a text packed by `packing`. */
  constructor(key: string, result: unknown, packing?: TextPacking, asPacked?: symbol) {
    this.key = key;
    if (asPacked === ALREADY_PACKED && packing && result instanceof Uint8Array) {
      this.packing = packing;
      this.kept = result;
      return;
    }
    const text = JSON.stringify(result) ?? 'null';
    this.packing = packing && text.length >= packing.from ? packing : undefined;
    this.kept = this.packing ? this.packing.pack(text) : text;
  }

  /** A read kept packed as it was stored: unpacked only when something asks for its result. */
  static ofPacked(key: string, packed: Uint8Array, packing: TextPacking): KeptRead {
    return new KeptRead(key, packed, packing, ALREADY_PACKED);
  }

  /**
   * The packed bytes of a long result (undefined for a short one, kept as text): a decision row
   * stores them as they are, so a run that read a million records is never one string of them.
   */
  get packed(): Uint8Array | undefined {
    return typeof this.kept === 'string' ? undefined : this.kept;
  }

  /** The JSON text of the result. */
  get text(): string {
    return typeof this.kept === 'string' ? this.kept : (this.packing as TextPacking).unpack(this.kept);
  }

  get result(): Json {
    return JSON.parse(this.text) as Json;
  }

  toJSON(): RecordedRead {
    return { key: this.key, result: this.result };
  }
}

/** The JSON text of a decision's reads, as JSON.stringify gives it, without parsing kept reads again. */
export function recordedReadsJson(reads: readonly RecordedRead[]): string {
  return `[${reads.map(recordedReadJson).join(',')}]`;
}

/** The JSON text of one recorded read, `{"key", "result"}`, a kept one written from its text. */
export function recordedReadJson(r: RecordedRead): string {
  return r instanceof KeptRead ? `{"key":${JSON.stringify(r.key)},"result":${r.text}}` : JSON.stringify(r);
}

/** One row per decision, whatever the loop: everything needed to explain and replay it. */
export interface Decision {
  id: string;
  loop: string;
  loopVersion: string;
  configVersion: string;
  gitSha: string | null;
  mode: DecisionMode;
  subject: string | null;
  eventId: string | null;
  eventType: string | null;
  parentIds: string[];
  rootId: string;
  input: Json;
  output: Json;
  effects: Effect[];
  trace: TraceEntry[];
  reasons: string[];
  confidence: number | null;
  reads: RecordedRead[];
  /** Every agent call of the run, in order: answers, and failures with their error. */
  agentAnswers: RecordedAgentCall[];
  now: string;
  seed: number;
  latencyMs: number;
  createdAt: string;
}

/**
 * A decision as listings and explanations show it: everything but its recorded reads, which only
 * replay and backtests use. A scheduled run's reads can hold every record of a kind (tens of MB),
 * so views neither read nor send them.
 */
export type DecisionView = Omit<Decision, 'reads'>;
