import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * One benchmark measurement, side by side with a peer. `ratio` is value / peerValue, so express
 * every metric so that higher is better (throughput, or the inverse of a latency); `meetsTarget`
 * is ratio >= target. Rows without a peer or a target leave those fields null.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  peer: string | null;
  peerValue: number | null;
  ratio: number | null;
  target: number | null;
  meetsTarget: boolean | null;
}

/** Where `npm run bench` keeps its results: bench/results.json, newest rows last. */
export const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

/** The figure a row is compared with: a peer measured in the same run, or a budget from the issues. */
export interface Peer {
  name: string;
  value: number;
  /** The ratio the row must reach. */
  target?: number;
  /**
   * For latencies, durations and memory: the ratio is peer / value, so that a ratio ≥ 1 still
   * reads "as good as the peer or better".
   */
  lowerIsBetter?: boolean;
}

/** A result row; with a peer, its ratio, and with a target, whether the ratio meets it. */
export function benchResult(name: string, value: number, unit: string, peer?: Peer): BenchResult {
  if (!peer)
    return { name, value, unit, peer: null, peerValue: null, ratio: null, target: null, meetsTarget: null };
  const ratio = peer.lowerIsBetter ? peer.value / value : value / peer.value;
  const target = peer.target ?? null;
  return {
    name,
    value,
    unit,
    peer: peer.name,
    peerValue: peer.value,
    ratio,
    target,
    meetsTarget: target === null ? null : ratio >= target,
  };
}

/** A budget from the issues (under 10 s, under 1 GB): met when the value is at or below it. */
export function budget(name: string, value: number, unit: string, limit: number, what: string): BenchResult {
  return benchResult(name, value, unit, { name: what, value: limit, target: 1, lowerIsBetter: true });
}

/** Empties bench/results.json at the start of a full run, so the file holds that run's rows. */
export function resetResults(file: string = RESULTS_FILE): void {
  writeFileSync(file, '[]\n');
}

/** Appends rows to bench/results.json (a JSON array), creating it when missing. */
export function appendResults(rows: readonly BenchResult[], file: string = RESULTS_FILE): void {
  let existing: unknown[] = [];
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${file} is not a JSON array of results`);
    existing = parsed;
  }
  writeFileSync(file, `${JSON.stringify([...existing, ...rows], null, 2)}\n`);
}

const number = (n: number) =>
  n >= 100
    ? Math.round(n).toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumSignificantDigits: 3 });

/** The rows as an aligned text table. */
export function formatResults(rows: readonly BenchResult[]): string {
  const table = [['benchmark', 'value', 'peer', 'peer value', 'ratio', 'target', 'meets']];
  for (const r of rows) {
    table.push([
      r.name,
      `${number(r.value)} ${r.unit}`,
      r.peer ?? '-',
      r.peerValue === null ? '-' : `${number(r.peerValue)} ${r.unit}`,
      r.ratio === null ? '-' : `${number(r.ratio)}×`,
      r.target === null ? '-' : `≥ ${r.target}×`,
      r.meetsTarget === null ? '-' : r.meetsTarget ? 'yes' : 'NO',
    ]);
  }
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length))) ?? [];
  return table
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Prints the rows as a table. */
export function printResults(rows: readonly BenchResult[]): void {
  console.log(formatResults(rows));
}

/** Where the markdown table of the newest full run goes. */
export const RESULTS_TABLE = fileURLToPath(new URL('./results.md', import.meta.url));

/** The rows as a markdown table, with the run's machine and time above it. */
export function markdownResults(rows: readonly BenchResult[], about: string): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const lines = [
    '# Benchmark results',
    '',
    about,
    '',
    '| benchmark | value | peer or budget | peer value | ratio | target | meets |',
    '|---|---:|---|---:|---:|---:|:---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${[
        cell(r.name),
        `${number(r.value)} ${r.unit}`,
        cell(r.peer ?? '-'),
        r.peerValue === null ? '-' : `${number(r.peerValue)} ${r.unit}`,
        r.ratio === null ? '-' : `${number(r.ratio)}×`,
        r.target === null ? '-' : `≥ ${r.target}×`,
        r.meetsTarget === null ? '-' : r.meetsTarget ? 'yes' : '**no**',
      ].join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the markdown table of a full run to bench/results.md. */
export function writeMarkdown(
  rows: readonly BenchResult[],
  about: string,
  file: string = RESULTS_TABLE,
): void {
  writeFileSync(file, markdownResults(rows, about));
}
