import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { countQuery, openStore } from '../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rl-routing-indexes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQLite's plan for a query, one detail line per step. */
function planOf(file: string, query: { sql: string; parameters: readonly unknown[] }): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[]
    ).map((r) => r.detail);
  } finally {
    db.close();
  }
}

describe('the counts route makes for every pool member', () => {
  it("read an index on all their equal fields, not a rep's whole history", async () => {
    const file = join(dir, 'plan.db');
    const store = await openStore({ kind: 'sqlite', path: file });
    const leads = countQuery(store.db, 'sqlite', 'lead', {
      ownerId: 'u1',
      routedPool: 'na-commercial',
      routedOn: '2026-11-02',
    }).compile();
    const tasks = countQuery(store.db, 'sqlite', 'task', { assignee: 'u1', status: 'open' }).compile();
    await store.close();
    expect(planOf(file, leads).join('\n')).toMatch(
      /USING (COVERING )?INDEX rec_lead_owner_routed_on \(key3=\? AND routed_on=\?\)/,
    );
    expect(planOf(file, tasks).join('\n')).toMatch(
      /USING (COVERING )?INDEX rec_task_assignee_status \(key1=\? AND key2=\?\)/,
    );
  });
});
