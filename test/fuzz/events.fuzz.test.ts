import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Opened, openWorkspace } from '../../src/cli/context.js';
import type { Json } from '../../src/kernel/index.js';
import { triggerEventType } from '../../src/kernel/index.js';
import { loadWorkspaceRecords } from '../../src/runtime/index.js';
import { copyWorkspaceFolder } from '../../src/workspace/index.js';
import {
  bounded,
  CaseCounter,
  expectRevloopsError,
  fuzzParams,
  fuzzRuns,
  rowCounts,
} from '../helpers/fuzz-harness.js';
import { mutateTree, oddValue, treeMutation } from '../helpers/fuzz-yaml.js';

const RUNS = fuzzRuns(60);
const dir = mkdtempSync(join(tmpdir(), 'revloops-fuzz-events-'));
copyWorkspaceFolder(resolve('examples/acme'), dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) =>
  readFileSync(resolve('examples/acme/data', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Json);
/** Real payloads to start from: leads and account signals of the example company. */
const SEEDS: { type: string; payload: Json }[] = [
  ...lines('leads.jsonl')
    .slice(0, 12)
    .map((payload) => ({ type: 'lead.created', payload })),
  ...lines('account-signals.jsonl')
    .slice(0, 6)
    .map((payload) => ({ type: 'account.signal', payload })),
];

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

describe('fuzz: events through the engine on SQLite', () => {
  let opened: Opened;
  let types: string[] = [];
  const clock = () => new Date('2026-11-25T12:00:00.000Z');
  beforeAll(async () => {
    opened = await openWorkspace({ workspace: dir }, { env: {}, clock });
    await loadWorkspaceRecords(opened.workspace, opened.store, clock().toISOString());
    await opened.engine.recordConfigVersions();
    types = [
      ...new Set(
        [...opened.workspace.loops.values()]
          .filter((l) => l.enabled)
          .flatMap((l) =>
            l.loop.triggers.map((t) => triggerEventType(t, l.name)).filter((t): t is string => !!t),
          ),
      ),
    ];
  });
  afterAll(() => opened?.close());

  it(`decides on a valid event, dead-letters an invalid one with the zod error and writes nothing else: ${RUNS} events`, async () => {
    const counter = new CaseCounter('events');
    const eventCase = fc.oneof(
      {
        arbitrary: fc.record({
          seed: fc.nat({ max: SEEDS.length - 1 }),
          mutations: fc.array(treeMutation, { maxLength: 3 }),
        }),
        weight: 6,
      },
      {
        arbitrary: fc.record({
          typeAt: fc.nat(),
          payload: fc.oneof(jsonValue, oddValue as fc.Arbitrary<Json>),
        }),
        weight: 3,
      },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(eventCase, async (c) => {
        const { type, payload } =
          'seed' in c
            ? {
                type: (SEEDS[c.seed] as { type: string }).type,
                payload: mutateTree((SEEDS[c.seed] as { payload: Json }).payload, c.mutations) as Json,
              }
            : { type: types[c.typeAt % types.length] as string, payload: c.payload };
        const consumers = opened.engine.consumersOf(type);
        const valid = consumers.every((l) => l.loop.input.safeParse(payload).success);
        const before = await rowCounts(opened.store.db);
        const key = `fuzz-${n++}`;
        const r = await bounded(20_000, `event ${type}`, async () => {
          const emitted = await opened.engine.emit({ type, payload, idempotencyKey: key, source: 'fuzz' });
          const report = await opened.engine.drain();
          return { emitted, report };
        });
        if (r.error !== undefined) {
          // Refused at intake (a payload the store cannot hold): nothing at all is written.
          const e = expectRevloopsError(r.error, `event ${type}`);
          expect(await rowCounts(opened.store.db), e.message).toEqual(before);
          counter.count('refused');
          return;
        }
        const after = await rowCounts(opened.store.db);
        const row = await opened.store.db
          .selectFrom('events')
          .select(['status', 'last_error'])
          .where('idempotency_key', '=', key)
          .executeTakeFirstOrThrow();
        // Never left failing: decided (with every handoff after it), or dead-lettered at once by a
        // contract (the declared input, or the stricter one a loop checks for its event type).
        const what = `${type} ${JSON.stringify(payload).slice(0, 300)}: ${row.last_error}`;
        expect(['done', 'dead'], what).toContain(row.status);
        const stuck = await opened.store.db
          .selectFrom('events')
          .select(['type', 'status', 'last_error'])
          .where('status', 'in', ['failed', 'pending', 'claimed'])
          .execute();
        expect(stuck, what).toEqual([]);
        if (row.status === 'dead') {
          // The zod error is kept, nothing was decided and no other table changed.
          expect(row.last_error ?? '', what).toMatch(/^CONTRACT_VIOLATION: .*: /);
          for (const [table, count] of Object.entries(after))
            if (table !== 'events') expect([table, count], what).toEqual([table, before[table]]);
          expect(after.events).toBe((before.events ?? 0) + 1);
          counter.count(valid ? 'dead-lettered by a loop' : 'dead-lettered');
          return;
        }
        expect(valid, `${what}: decided on an input its declared contract refuses`).toBe(true);
        expect(after.decisions ?? 0).toBeGreaterThanOrEqual((before.decisions ?? 0) + consumers.length);
        counter.count(consumers.length === 0 ? 'no consumer' : 'decided');
      }),
      fuzzParams(RUNS),
    );
    counter.print();
    expect(counter.cases).toBe(RUNS);
  }, 3_600_000);
});
