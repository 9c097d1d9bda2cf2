import { getPath, type JsonObject, type LoopContext } from '../../kernel/index.js';
import type { EngageConfig } from './config.js';
import { num, type Signal, str } from './facts.js';
import { type ResearchSource, SIGNAL_KINDS, type SignalKind } from './research-config.js';

type Ctx = LoopContext<EngageConfig>;
type Of<K extends ResearchSource['kind']> = Extract<ResearchSource, { kind: K }>;

/** What asking one source came to: its signals, or why it gave none. */
type SourceAnswer = { ok: true; signals: Signal[] } | { ok: false; reason: string };

const DAY_MS = 86_400_000;

/** A signal from a row or JSON item of a source, or undefined when it lacks a title. */
function signalOf(item: JsonObject, source: string): Signal | undefined {
  const title = str(item.title);
  if (!title) return undefined;
  const raw = str(item.kind)?.toLowerCase();
  const kind: SignalKind = SIGNAL_KINDS.includes(raw as SignalKind) ? (raw as SignalKind) : 'news';
  return {
    kind,
    title,
    date: str(item.date)?.slice(0, 10) ?? null,
    detail: str(item.detail) ?? null,
    round: str(item.round) ?? null,
    amount: num(item.amount) ?? null,
    url: str(item.url) ?? null,
    source,
  };
}

/** Signals not older than the source allows (undated signals are kept), newest first, at most `limit`. */
function recent(ctx: Ctx, signals: Signal[], maxAgeDays: number, limit: number): Signal[] {
  const oldest = ctx.clock.now().getTime() - maxAgeDays * DAY_MS;
  return signals
    .filter((s) => s.date === null || Date.parse(s.date) >= oldest)
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
    .slice(0, limit);
}

async function fromFile(ctx: Ctx, s: Of<'file'>, domain: string): Promise<SourceAnswer> {
  const r = await ctx.lookup.file({
    file: s.file,
    match: [{ column: s.domainColumn, value: domain, mode: 'host' }],
    limit: 50,
  });
  if (!r.ok) return { ok: false, reason: r.reason };
  const cite = (row: number) => `source:${s.name} (${s.file} row ${row})`;
  const signals = r.rows.flatMap((row) => signalOf(row.values, cite(row.row)) ?? []);
  return { ok: true, signals: recent(ctx, signals, s.maxAgeDays, s.limit) };
}

async function fromHttp(ctx: Ctx, s: Of<'http'>, domain: string): Promise<SourceAnswer> {
  const url = s.url.replaceAll('{domain}', encodeURIComponent(domain));
  const headers = Object.entries(s.headers).map(([name, h]) => ({
    name,
    env: h.env,
    ...(h.prefix === undefined ? {} : { prefix: h.prefix }),
  }));
  const r = await ctx.lookup.http({ url, headers, timeoutMs: s.timeoutMs });
  if (!r.ok) return { ok: false, reason: r.reason };
  const root = s.root === undefined ? r.body : getPath(r.body, s.root);
  const items = (Array.isArray(root) ? root : root === null || root === undefined ? [] : [root]).filter(
    (x): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x),
  );
  const signals = items.flatMap((item) => signalOf(item, `source:${s.name} (${url})`) ?? []);
  return { ok: true, signals: recent(ctx, signals, s.maxAgeDays, s.limit) };
}

/** Asks one research source for a company's signals. */
export function askSource(ctx: Ctx, s: ResearchSource, domain: string): Promise<SourceAnswer> {
  return s.kind === 'file' ? fromFile(ctx, s, domain) : fromHttp(ctx, s, domain);
}
