import type {
  AgentAnswer,
  AgentGateway,
  AgentTask,
  FindOptions,
  Json,
  RecordedAgentCall,
  RecordedRead,
  RecordFilter,
  RecordKind,
  RecordReader,
  StoredRecord,
} from '../kernel/index.js';
import { isRecordedFailure, KeptRead, RevloopsError, toRevloopsError } from '../kernel/index.js';
import { countRecords, DEFLATED, findRecords, getRecord, type Store } from '../store/index.js';
import { canonicalJson } from '../workspace/index.js';

function readKey(op: string, kind: RecordKind, args: unknown): string {
  return `${op}:${kind}:${canonicalJson(args)}`;
}

/** The key a find is kept under: its filter and limit, and `after` for a page of a scan. */
export function findKey(kind: RecordKind, filter: RecordFilter, options: FindOptions | undefined): string {
  const args = { filter, limit: options?.limit ?? null };
  return readKey('find', kind, options?.after === undefined ? args : { ...args, after: options.after });
}

/** The record read a kept read's key names (the inverse of readKey); undefined for a lookup's key. */
export function readOfKey(
  key: string,
): { op: 'get' | 'find' | 'count'; kind: RecordKind; args: unknown } | undefined {
  const m = /^(get|find|count):([a-z_]+):(.*)$/s.exec(key);
  if (!m) return undefined;
  return { op: m[1] as 'get' | 'find' | 'count', kind: m[2] as RecordKind, args: JSON.parse(m[3] as string) };
}

/** Wraps a live reader so every read and its result is kept with the decision. */
export function recordingReader(live: RecordReader): { reader: RecordReader; reads: RecordedRead[] } {
  const reads: RecordedRead[] = [];
  const keep = <T>(key: string, result: T): T => {
    reads.push(new KeptRead(key, result, DEFLATED));
    return result;
  };
  return {
    reads,
    reader: {
      get: async (kind, id) => keep(readKey('get', kind, id), await live.get(kind, id)),
      find: async (kind, filter, options) =>
        keep(findKey(kind, filter, options), await live.find(kind, filter, options)),
      count: async (kind, filter) => keep(readKey('count', kind, filter), await live.count(kind, filter)),
    },
  };
}

/** Serves reads from a decision's recorded reads, in the order they were made. */
export function replayReader(reads: readonly RecordedRead[]): RecordReader {
  const queues = new Map<string, Json[]>();
  for (const r of reads) {
    const q = queues.get(r.key) ?? [];
    q.push(r.result);
    queues.set(r.key, q);
  }
  const take = (key: string): Json => {
    const q = queues.get(key);
    if (!q || q.length === 0) {
      throw new RevloopsError('CONFLICT', `replay asked for a read the original run did not make: ${key}`);
    }
    return structuredClone(q.shift() as Json);
  };
  return {
    get: async (kind, id) => take(readKey('get', kind, id)) as unknown as StoredRecord | null,
    find: async (kind, filter: RecordFilter, options) =>
      take(findKey(kind, filter, options)) as unknown as StoredRecord[],
    count: async (kind, filter) => take(readKey('count', kind, filter)) as number,
  };
}

type AnswerMeta = Omit<AgentAnswer<unknown>, 'answer'>;

/** Everything about an answer but the answer, copied field by field so nothing else is recorded. */
function answerMeta(a: AnswerMeta): AnswerMeta {
  return {
    confidence: a.confidence,
    reasoning: a.reasoning,
    provider: a.provider,
    model: a.model,
    latencyMs: a.latencyMs,
    tokens: a.tokens,
  };
}

/** Wraps a live gateway so every agent call is kept with the decision: its answer, or the error it threw. */
export function recordingAgents(live: AgentGateway): { gateway: AgentGateway; answers: RecordedAgentCall[] } {
  const answers: RecordedAgentCall[] = [];
  return {
    answers,
    gateway: {
      ask: async <I, O>(task: AgentTask<I, O>, input: I): Promise<AgentAnswer<O>> => {
        const asked = structuredClone(input) as Json;
        let a: AgentAnswer<O>;
        try {
          a = await live.ask(task, input);
        } catch (err) {
          const e = toRevloopsError(err);
          answers.push({ task: task.name, input: asked, error: { code: e.code, message: e.message } });
          throw err;
        }
        answers.push({
          task: task.name,
          input: asked,
          answer: structuredClone(a.answer) as Json,
          ...answerMeta(a),
        });
        return a;
      },
    },
  };
}

/**
 * Serves agent calls from a decision's recorded calls, in order, checking the task and input: an
 * answer is returned as it was, a failure is thrown again with its code and message.
 */
export function replayAgents(recorded: readonly RecordedAgentCall[]): AgentGateway {
  let next = 0;
  return {
    ask: async <I, O>(task: AgentTask<I, O>, input: I): Promise<AgentAnswer<O>> => {
      const a = recorded[next++];
      if (!a || a.task !== task.name || canonicalJson(a.input) !== canonicalJson(input)) {
        throw new RevloopsError(
          'CONFLICT',
          `replay asked agent task ${task.name} a question the original run did not ask`,
        );
      }
      if (isRecordedFailure(a)) throw new RevloopsError(a.error.code, a.error.message);
      return { answer: task.output.parse(a.answer), ...answerMeta(a) };
    },
  };
}

/** Reads records of work from the store. */
export function storeReader(store: Store): RecordReader {
  return {
    get: (kind, id) => getRecord(store.db, kind, id),
    find: (kind, filter, options) =>
      findRecords(store.db, store.dialect, kind, filter, options?.limit, options?.after),
    count: (kind, filter) => countRecords(store.db, store.dialect, kind, filter),
  };
}
