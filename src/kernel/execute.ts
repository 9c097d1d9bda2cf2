import type { AgentGateway } from './agents.js';
import type { Decided, LoopContext } from './context.js';
import { type AnyLoop, inputContract } from './define-loop.js';
import { checkDesiredOutput } from './desired-state.js';
import { fixedClock, seededRandom } from './determinism.js';
import { RevloopsError } from './errors.js';
import { type LookupGateway, noLookups } from './lookups.js';
import type { Effect, OutputKind } from './outputs.js';
import type { RecordReader } from './records.js';
import { createTrace, type TraceEntry } from './trace.js';

/** What one run of a loop needs. Everything that varies comes in here. */
export interface RunInput {
  loop: AnyLoop;
  config: unknown;
  configVersion: string;
  input: unknown;
  subject: string | null;
  /** Prefix of every effect id; the decision id, so ids are the same on replay. */
  idBase: string;
  now: string;
  seed: number;
  records: RecordReader;
  agents: AgentGateway;
  /** HTTP and data-file lookups (default: none; a loop that asks for one fails loudly). */
  lookups?: LookupGateway;
  /** The type of the event that started the run (default null). */
  eventType?: string | null;
}

/** What one run produced. */
export interface RunResult {
  decided: Decided<unknown>;
  effects: Effect[];
  trace: TraceEntry[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const frozen = new WeakMap<object, unknown>();

/**
 * The config a run sees: a deep-frozen copy, made once per config object. The engine keeps one
 * parsed config per version, so the hot path does not copy it for every decision.
 */
function frozenConfig(config: unknown): unknown {
  if (config === null || typeof config !== 'object') return config;
  let copy = frozen.get(config);
  if (copy === undefined) {
    copy = deepFreeze(structuredClone(config));
    frozen.set(config, copy);
  }
  return copy;
}

/** Parses a value against a contract, turning a zod failure into a CONTRACT_VIOLATION. */
export function checkContract<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  throw new RevloopsError(
    'CONTRACT_VIOLATION',
    `${what} does not satisfy its contract${first ? `: ${first.path || '(root)'}: ${first.message}` : ''}`,
    issues,
  );
}

/** Runs a loop's logic once, in memory: no store, no clock, no randomness of its own. */
export async function executeLoop(run: RunInput): Promise<RunResult> {
  const { loop } = run;
  const contract = inputContract(loop, run.eventType);
  const input = checkContract(
    contract,
    run.input,
    contract === loop.input ? `input of loop ${loop.name}` : `input of loop ${loop.name} (${run.eventType})`,
  );
  const trace = createTrace();
  const effects: Effect[] = [];
  const declared = new Set<OutputKind>(loop.outputs);
  const emits = new Map(loop.emits.map((e) => [e.type, e]));
  const add = <E extends Effect>(kind: OutputKind, build: (id: string) => E): string => {
    if (!declared.has(kind)) {
      throw new RevloopsError(
        'OUTPUT_UNDECLARED',
        `loop ${loop.name} produced a ${kind} but does not declare it in outputs`,
      );
    }
    const id = `${run.idBase}.${effects.length + 1}`;
    effects.push(build(id));
    return id;
  };
  const ctx: LoopContext<unknown> = {
    loop: loop.name,
    config: frozenConfig(run.config) as Readonly<unknown>,
    configVersion: run.configVersion,
    subject: run.subject,
    eventType: run.eventType ?? null,
    records: run.records,
    agents: run.agents,
    lookup: run.lookups ?? noLookups,
    trace,
    clock: fixedClock(run.now),
    random: seededRandom(run.seed),
    write: (record, recordId, values, op = 'patch') =>
      add('record_write', (id) => ({ kind: 'record_write', id, record, recordId, op, values })),
    task: (t) => add('task', (id) => ({ kind: 'task', id, ...t })),
    notify: (channel, to, message, data) =>
      add('notification', (id) =>
        data === undefined
          ? { kind: 'notification', id, channel, to, message }
          : { kind: 'notification', id, channel, to, message, data },
      ),
    handoff: (type, payload, subject) => {
      const emit = emits.get(type);
      if (!emit) {
        throw new RevloopsError(
          'OUTPUT_UNDECLARED',
          `loop ${loop.name} handed off ${type}, which it does not declare in emits`,
        );
      }
      const checked = checkContract(emit.schema, payload, `handoff ${type} from loop ${loop.name}`);
      return add('handoff', (id) =>
        subject === undefined
          ? { kind: 'handoff', id, type, payload: checked as typeof payload }
          : { kind: 'handoff', id, type, subject, payload: checked as typeof payload },
      );
    },
    review: (queue, item) => add('review_item', (id) => ({ kind: 'review_item', id, queue, ...item })),
    escalate: (e) => add('escalation', (id) => ({ kind: 'escalation', id, ...e })),
    decide: (output, meta) => ({
      output,
      confidence: meta?.confidence ?? null,
      subject: meta?.subject ?? run.subject,
      reasons: [...(meta?.reasons ?? [])],
    }),
    effects: () => effects,
  };
  const decided = await loop.run(ctx, input);
  const check = (value: unknown) => checkContract(loop.output, value, `output of loop ${loop.name}`);
  // A materialized loop's desired state can hold a million records: checked without copying them.
  const output = loop.triggers.some((t) => t.kind === 'materialize')
    ? checkDesiredOutput(decided.output, loop.output, check)
    : check(decided.output);
  return { decided: { ...decided, output }, effects, trace: [...trace.entries()] };
}
