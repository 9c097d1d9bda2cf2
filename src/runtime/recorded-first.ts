import {
  type AgentAnswer,
  type AgentGateway,
  type AgentTask,
  type FileLookupResult,
  type HttpLookupResult,
  isRecordedFailure,
  type Json,
  type LookupGateway,
  type RecordedAgentCall,
  type RecordedRead,
  type RecordReader,
  RevloopsError,
  type StoredRecord,
} from '../kernel/index.js';
import { countRecords, findRecords, getRecord, type Store } from '../store/index.js';
import { canonicalJson } from '../workspace/index.js';
import { findKey } from './recording.js';

/** Counts of what a re-run could not take from the recorded run. */
export interface FreshCounts {
  reads: number;
  agentCalls: number;
  lookups: number;
}

function queues(reads: readonly RecordedRead[]): Map<string, Json[]> {
  const q = new Map<string, Json[]>();
  for (const r of reads) q.set(r.key, [...(q.get(r.key) ?? []), r.result]);
  return q;
}

/**
 * Serves a re-run from what the original run saw, as replay does, and only what a changed config
 * asks for anew from the current store, agents and lookups (counted in `fresh`).
 */
export function recordedFirst(
  d: { reads: readonly RecordedRead[]; agentAnswers: readonly RecordedAgentCall[] },
  live: { store: Store; agents: AgentGateway; lookups: LookupGateway },
  fresh: FreshCounts,
): { records: RecordReader; agents: AgentGateway; lookups: LookupGateway } {
  const recorded = queues(d.reads);
  const take = (key: string): Json | undefined => {
    const v = recorded.get(key)?.shift();
    return v === undefined ? undefined : structuredClone(v);
  };
  const read = async <T>(key: string, get: () => Promise<T>): Promise<T> => {
    const v = take(key);
    if (v !== undefined) return v as unknown as T;
    fresh.reads++;
    return get();
  };
  const { store } = live;
  const records: RecordReader = {
    get: (kind, id) =>
      read<StoredRecord | null>(`get:${kind}:${canonicalJson(id)}`, () => getRecord(store.db, kind, id)),
    find: (kind, filter, options) =>
      read<StoredRecord[]>(findKey(kind, filter, options), () =>
        findRecords(store.db, store.dialect, kind, filter, options?.limit, options?.after),
      ),
    count: (kind, filter) =>
      read<number>(`count:${kind}:${canonicalJson(filter)}`, () =>
        countRecords(store.db, store.dialect, kind, filter),
      ),
  };
  const used = new Set<number>();
  const agents: AgentGateway = {
    ask: async <I, O>(task: AgentTask<I, O>, input: I): Promise<AgentAnswer<O>> => {
      const key = canonicalJson(input);
      const i = d.agentAnswers.findIndex(
        (a, k) => !used.has(k) && a.task === task.name && canonicalJson(a.input) === key,
      );
      const a = d.agentAnswers[i];
      if (!a) {
        fresh.agentCalls++;
        return live.agents.ask(task, input);
      }
      used.add(i);
      if (isRecordedFailure(a)) throw new RevloopsError(a.error.code, a.error.message);
      const { confidence, reasoning, provider, model, latencyMs, tokens } = a;
      return {
        answer: task.output.parse(a.answer),
        confidence,
        reasoning,
        provider,
        model,
        latencyMs,
        tokens,
      };
    },
  };
  const lookup = async <T>(key: string, get: () => Promise<T>): Promise<T> => {
    const v = take(key);
    if (v !== undefined) return v as unknown as T;
    fresh.lookups++;
    return get();
  };
  const lookups: LookupGateway = {
    http: (request) =>
      lookup<HttpLookupResult>(`http:${canonicalJson(request)}`, () => live.lookups.http(request)),
    file: (request) =>
      lookup<FileLookupResult>(`file:${canonicalJson(request)}`, () => live.lookups.file(request)),
  };
  return { records, agents, lookups };
}
