import { type Kysely, sql } from 'kysely';
import { RevloopsError } from '../../src/index.js';

/**
 * Cases per fuzz target: `FUZZ_RUNS` (npm run test:fuzz sets 10000), else a small number that
 * keeps the folder quick inside the main suite. `FUZZ_SEED` replays a failure fast-check printed.
 */
export const FUZZ_RUNS = fuzzRuns(150);

/** Cases for a target: `FUZZ_RUNS` when set, else this target's default for the main suite. */
export function fuzzRuns(inMainSuite: number): number {
  return process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : inMainSuite;
}

/** fast-check parameters for one target: the run count, and the seed when one is given. */
export function fuzzParams(runs: number = FUZZ_RUNS): { numRuns: number; seed?: number; endOnFailure: true } {
  const seed = process.env.FUZZ_SEED;
  return { numRuns: runs, endOnFailure: true, ...(seed ? { seed: Number(seed) } : {}) };
}

/** Counts the cases a target ran and prints them with the time taken when it is done. */
export class CaseCounter {
  private n = 0;
  private readonly started = Date.now();
  readonly byKind = new Map<string, number>();

  constructor(private readonly target: string) {}

  /** One more case, optionally of a named kind (printed per kind). */
  count(kind?: string): void {
    this.n++;
    if (this.n % 1000 === 0)
      console.log(
        `fuzz ${this.target}: ${this.n} cases after ${((Date.now() - this.started) / 1000).toFixed(1)} s`,
      );
    if (kind) this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }

  get cases(): number {
    return this.n;
  }

  print(): void {
    const kinds = [...this.byKind].map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(
      `fuzz ${this.target}: ${this.n} cases in ${((Date.now() - this.started) / 1000).toFixed(1)} s${kinds ? ` (${kinds})` : ''}`,
    );
  }
}

/**
 * Runs one case and returns what it threw (or undefined), failing when it took longer than
 * `boundMs`: a case that hangs asynchronously is cut off at the bound, a slow synchronous one is
 * caught when it returns.
 */
export async function bounded<T>(
  boundMs: number,
  what: string,
  run: () => Promise<T> | T,
): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still running after ${boundMs} ms`)), boundMs);
  });
  let outcome: { value?: T; error?: unknown };
  try {
    outcome = { value: await Promise.race([Promise.resolve().then(run), timeout]) };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${what}: still running`)) throw error;
    outcome = { error };
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - started;
  if (ms > boundMs) throw new Error(`${what}: took ${ms.toFixed(0)} ms, over the ${boundMs} ms bound`);
  return { ...outcome, ms };
}

/** Fails unless `error` is a RevloopsError; returns it. */
export function expectRevloopsError(error: unknown, what: string): RevloopsError {
  if (error instanceof RevloopsError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
  throw new Error(`${what}: threw something other than a RevloopsError: ${detail}`);
}

/** The row count of every table of the store (migration bookkeeping included). */
export async function rowCounts(
  // biome-ignore lint/suspicious/noExplicitAny: any store's database, whatever its table types
  db: Kysely<any>,
  dialect: 'sqlite' | 'postgres' = 'sqlite',
): Promise<Record<string, number>> {
  const tables =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(
          db,
        );
  const names = tables.rows.map((r) => r.name);
  if (names.length === 0) return {};
  const union = sql.join(
    names.map((n) => sql`select ${n} as name, count(*) as n from ${sql.ref(n)}`),
    sql` union all `,
  );
  const counts = await sql<{ name: string; n: number | string }>`${union}`.execute(db);
  return Object.fromEntries(counts.rows.map((r) => [r.name, Number(r.n)]));
}
