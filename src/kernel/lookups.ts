import { RevloopsError } from './errors.js';
import type { Json, JsonObject } from './outputs.js';

/** A header whose value the runtime reads from an environment variable, so no secret sits in config or in a decision. */
export interface EnvHeader {
  /** The header name, e.g. Authorization. */
  name: string;
  /** The environment variable holding the value. */
  env: string;
  /** Literal text put before the value, e.g. `Bearer `. */
  prefix?: string;
}

/** A GET of a JSON document over HTTP, as a loop asks the runtime for it. */
export interface HttpLookup {
  url: string;
  headers: readonly EnvHeader[];
  /** Give up after this long; the answer is then `ok: false`. */
  timeoutMs: number;
}

/**
 * What an HTTP lookup came to. `ok` means the provider answered: a 2xx with a JSON body, or a 404
 * (body null: it knows nothing). Anything else (timeout, refused connection, 5xx, 401, a body that
 * is not JSON, a missing environment variable) is `ok: false` with the reason.
 */
export type HttpLookupResult =
  | { ok: true; status: number; body: Json; latencyMs: number }
  | { ok: false; status: number | null; reason: string; latencyMs: number };

/** How one value is compared with one column of a data file. */
export type FileMatchMode =
  /** Equal, ignoring case and surrounding blanks. */
  | 'exact'
  /** The same host: scheme, `www.`, port, path and case are ignored (acme.com = https://www.Acme.com/about). */
  | 'host'
  /** Rows whose column holds the value's first word; rows sharing more of its words come first. */
  | 'words';

/** A query of a data file in the workspace's `data/` folder: rows matching any of `match`, best first. */
export interface FileLookup {
  /** The file, relative to `data/` (e.g. companies.csv): .csv (with a header row) or .jsonl. */
  file: string;
  match: readonly { column: string; value: string; mode: FileMatchMode }[];
  /** Most rows returned. */
  limit: number;
}

/** A row of a data file: its 1-based row number (after the header) and its values (CSV cells are text). */
export interface FileRow {
  row: number;
  values: JsonObject;
}

/** What a file lookup came to: the rows found (perhaps none), or why the file could not be read. */
export type FileLookupResult = { ok: true; rows: FileRow[] } | { ok: false; reason: string };

/**
 * Lookups outside the records of work: enrichment providers and reference files. The runtime
 * supplies a live gateway whose answers are recorded with the decision, and a replay gateway that
 * serves the recorded answers, so a decision that looked something up replays identically.
 */
export interface LookupGateway {
  /** GETs a JSON document. Never throws for a provider failure: the result says what went wrong. */
  http(request: HttpLookup): Promise<HttpLookupResult>;
  /** Finds rows of a CSV or JSONL file under the workspace's `data/` folder. */
  file(request: FileLookup): Promise<FileLookupResult>;
}

/** The gateway of a run that has no lookups wired in: every lookup is refused, loudly. */
export const noLookups: LookupGateway = {
  http: async (request) => {
    throw new RevloopsError(
      'USAGE',
      `lookup of ${request.url} asked, but no lookups are wired into this run`,
    );
  },
  file: async (request) => {
    throw new RevloopsError(
      'USAGE',
      `lookup in ${request.file} asked, but no lookups are wired into this run`,
    );
  },
};
