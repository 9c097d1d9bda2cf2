import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendResults, benchResult, budget, markdownResults, resetResults } from '../bench/results.js';

const dir = mkdtempSync(join(tmpdir(), 'rl-bench-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('benchmark result rows', () => {
  it('compares a rate with its peer: ratio value / peer, met at the target', () => {
    const row = benchResult('rules', 2_000_000, 'leads/s', {
      name: 'hand-written JS',
      value: 5_000_000,
      target: 0.5,
    });
    expect(row).toEqual({
      name: 'rules',
      value: 2_000_000,
      unit: 'leads/s',
      peer: 'hand-written JS',
      peerValue: 5_000_000,
      ratio: 0.4,
      target: 0.5,
      meetsTarget: false,
    });
  });

  it('compares a duration or memory with a budget: ratio budget / value, met within the budget', () => {
    expect(budget('p99', 10, 'ms', 20, 'budget 20 ms')).toMatchObject({
      ratio: 2,
      target: 1,
      meetsTarget: true,
    });
    expect(budget('rss', 2048, 'MiB', 1024, 'budget 1 GB')).toMatchObject({ ratio: 0.5, meetsTarget: false });
  });

  it('leaves peer, ratio and target empty for a context row', () => {
    expect(benchResult('p50', 3, 'ms')).toMatchObject({
      peer: null,
      ratio: null,
      target: null,
      meetsTarget: null,
    });
  });

  it('starts a run with an empty file and appends each benchmark as it ends', () => {
    const file = join(dir, 'results.json');
    resetResults(file);
    appendResults([benchResult('a', 1, 'x')], file);
    appendResults([benchResult('b', 2, 'x')], file);
    expect(JSON.parse(readFileSync(file, 'utf8')).map((r: { name: string }) => r.name)).toEqual(['a', 'b']);
  });

  it('renders a markdown table with every row, escaping pipes', () => {
    const md = markdownResults(
      [
        benchResult('rules | first match', 2_000_000, 'leads/s', {
          name: 'json-rules-engine',
          value: 6_000,
          target: 100,
        }),
        budget('p99', 25, 'ms', 20, 'budget 20 ms'),
      ],
      'measured here',
    );
    const lines = md.trim().split('\n');
    expect(lines[2]).toBe('measured here');
    expect(lines).toContain('| benchmark | value | peer or budget | peer value | ratio | target | meets |');
    expect(lines).toContain(
      '| rules \\| first match | 2,000,000 leads/s | json-rules-engine | 6,000 leads/s | 333× | ≥ 100× | yes |',
    );
    expect(lines).toContain('| p99 | 25 ms | budget 20 ms | 20 ms | 0.8× | ≥ 1× | **no** |');
  });
});
