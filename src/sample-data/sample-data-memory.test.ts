import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSampleData } from './write-sample-data.js';

const dir = mkdtempSync(join(tmpdir(), 'revloops-sample-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const _ of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  }))
    n++;
  return n;
}

describe('writeSampleData at scale', () => {
  it('streams 100k leads with bounded heap growth', { timeout: 180_000 }, async () => {
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let calls = 0;
    const counts = await writeSampleData(dir, {
      leads: 100_000,
      accounts: 8000,
      reps: 120,
      seed: 99,
      onProgress: () => {
        calls++;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(counts).toEqual({ accounts: 8000, users: 120, leads: 100_000, outcomes: 100_000 });
    expect(calls).toBe(11);
    // The whole lead file is ~80 MB of JSON; holding it (or its objects) would blow well past this.
    expect(statSync(join(dir, 'leads.jsonl')).size).toBeGreaterThan(50_000_000);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    expect(await countLines(join(dir, 'leads.jsonl'))).toBe(100_000);
  });
});
