import { join } from 'node:path';
import {
  type FileLookupResult,
  type HttpLookupResult,
  type Json,
  KeptRead,
  type LookupGateway,
  type RecordedRead,
  RevloopsError,
} from '../kernel/index.js';
import { DEFLATED } from '../store/index.js';
import { canonicalJson } from '../workspace/index.js';
import { DataFiles } from './file-index.js';
import { httpLookup } from './http-lookup.js';

const dataFiles = new Map<string, DataFiles>();

/**
 * The live lookups of a workspace: HTTP through `fetch` with header values read from `env` at call
 * time, and the data files under `<workspace>/data/`, each read and indexed once per process.
 */
export function workspaceLookups(
  workspaceDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LookupGateway {
  const dir = join(workspaceDir, 'data');
  let files = dataFiles.get(dir);
  if (!files) {
    files = new DataFiles(dir);
    dataFiles.set(dir, files);
  }
  const indexed = files;
  return {
    http: (request) => httpLookup(request, env),
    file: async (request) => indexed.lookup(request),
  };
}

/** The key a lookup is recorded under; it never holds a secret (headers name their variables). */
function lookupKey(kind: 'http' | 'file', request: unknown): string {
  return `${kind}:${canonicalJson(request)}`;
}

/** Wraps a live gateway so every lookup and its answer is kept in `reads`, with the record reads. */
export function recordingLookups(live: LookupGateway, reads: RecordedRead[]): LookupGateway {
  const keep = <T>(key: string, result: T): T => {
    reads.push(new KeptRead(key, result, DEFLATED));
    return result;
  };
  return {
    http: async (request) => keep(lookupKey('http', request), await live.http(request)),
    file: async (request) => keep(lookupKey('file', request), await live.file(request)),
  };
}

/** Serves lookups from a decision's recorded reads, in the order they were made. */
export function replayLookups(reads: readonly RecordedRead[]): LookupGateway {
  const queues = new Map<string, Json[]>();
  for (const r of reads) {
    if (!r.key.startsWith('http:') && !r.key.startsWith('file:')) continue;
    queues.set(r.key, [...(queues.get(r.key) ?? []), r.result]);
  }
  const take = (key: string): Json => {
    const next = queues.get(key)?.shift();
    if (next === undefined)
      throw new RevloopsError('CONFLICT', `replay asked for a lookup the original run did not make: ${key}`);
    return structuredClone(next);
  };
  return {
    http: async (request) => take(lookupKey('http', request)) as unknown as HttpLookupResult,
    file: async (request) => take(lookupKey('file', request)) as unknown as FileLookupResult,
  };
}
