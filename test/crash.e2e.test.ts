import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Effect } from '../src/index.js';
import { Engine, loadWorkspace, openStore } from '../src/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { builtCliIsCurrent, CrashChild, seededRandom, startReceiver } from './helpers/crash-harness.js';
import { DIALECTS, PG_URL, storeEnv } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

/**
 * Crash tests: worker processes that ingest leads, run qualify → route (decisions, lead, task and
 * pool record writes, handoffs, webhook notifications) and deliver the outbox are killed with
 * SIGKILL at random points, restarted, and finally left to finish. Then: every event has exactly
 * one decision per loop it triggers, no record write, handoff or outbox row is doubled, every
 * webhook message reached the receiver under one Idempotency-Key (delivery is at least once: a
 * worker killed between the POST and marking the row delivered sends it again with the same key
 * and body, which the receiver drops), and `replay --all` finds no difference.
 *
 * CRASH_KILLS (default 4 in the main suite; `npm run test:crash` sets 50) kills per store; CRASH_SEED repeats a run's random kill points.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** New leads appended to the input file before each restart, so every run has fresh work. */
const LEADS_PER_ROUND = 12;
/**
 * How far each restart's clock runs ahead of the previous one: past the event lease (60 s) and
 * the outbox lease (5 min) of the killed worker, and past one tick of route's 5-minute schedule.
 */
const STEP_MS = 6.5 * 60_000;
/** Kills after the worker started land within this window (it covers a round's work). */
const WORK_WINDOW_MS = 1500;
/** Outbox sends in flight at once per worker (deliverOutbox's default): the most one kill can leave half-sent. */
const SEND_CONCURRENCY = 8;
const SECRET = 'crash-test-webhook-secret';
/** Where the workers' clocks start: a Tuesday, 9:00 in New York, so route assigns within working hours. */
const CLOCK_START = Date.parse('2026-11-24T14:00:00.000Z');

const acmeLeads = readFileSync('examples/acme/data/leads.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

function leadLines(from: number, count: number): string {
  return Array.from({ length: count }, (_, k) => {
    const n = from + k;
    const lead = acmeLeads[n % acmeLeads.length] as Record<string, unknown>;
    return `${JSON.stringify({ ...lead, id: `crash-${n}`, email: `c${n}.${String(lead.email)}` })}\n`;
  }).join('');
}

/** A number per store, so SQLite and PostgreSQL kill at different points of one seed. */
function storeSeed(dialect: string): number {
  return (SEED ^ (dialect === 'postgres' ? 0x5bd1e995 : 0x27d4eb2f)) >>> 0;
}

/** The workers run the built CLI when dist/ is newer than every source file, else the sources. */
const CLI = builtCliIsCurrent() ? 'dist' : 'src';

console.log(
  `crash tests: seed ${SEED} (CRASH_SEED=${SEED} repeats it), ${KILLS} kills per store, workers run ${CLI === 'dist' ? 'the built CLI' : 'the sources'}`,
);

describe.each(DIALECTS)('SIGKILL at random points on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  const input = join(ws.dir, 'crash-leads.jsonl');
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    keepLoops(
      ws.dir,
      ['qualify', 'route'],
      `\nchannels:\n  webhook: { url: "${receiver.url}", secretEnv: CRASH_WEBHOOK_SECRET }\n`,
    );
    // Every assignment also tells the assignee, through the signed webhook.
    appendFileSync(
      join(ws.dir, 'loops/route.yaml'),
      '\nnotifications: { assignee: true, channel: webhook }\n',
    );
    writeFileSync(input, '');
  });
  afterAll(async () => {
    await receiver?.close();
    ws.cleanup();
    await drop();
  });

  it('loses and doubles nothing: decisions, record writes, handoffs, outbox deliveries; replay is identical', async () => {
    const started = Date.now();
    // The workers' clocks: CLOCK_START now, then each restart STEP_MS later than the one before.
    const clockOffset = CLOCK_START - started;
    const random = seededRandom(storeSeed(dialect));
    const childEnv = { ...env, CRASH_WEBHOOK_SECRET: SECRET, CRASH_CLI: CLI };
    const workers = dialect === 'postgres' ? 2 : 1;
    const rounds = Math.ceil(KILLS / workers);
    let leads = 0;
    let kills = 0;
    const phases: Record<string, number> = {};
    // Time from start to processing, measured as the runs go (the machine sets it).
    let readyMs = 5000;

    const killOne = async (child: CrashChild, early: boolean, fraction: number): Promise<void> => {
      if (early) {
        // Anywhere from start-up through migrations, ingest and the worker's record loading.
        await sleep(fraction * readyMs);
      } else {
        await child.waitFor('phase processing', 120_000);
        readyMs = Date.now() - child.started;
        await sleep(fraction * WORK_WINDOW_MS);
      }
      if (!child.running) {
        const { code, signal } = await child.exited;
        throw new Error(`a worker exited by itself (${code ?? signal}) before its kill:\n${child.stderr}`);
      }
      phases[child.phase] = (phases[child.phase] ?? 0) + 1;
      await child.kill();
      kills++;
    };

    for (let round = 0; round < rounds; round++) {
      appendFileSync(input, leadLines(leads, LEADS_PER_ROUND));
      leads += LEADS_PER_ROUND;
      const offset = String(clockOffset + round * STEP_MS);
      const plans = Array.from({ length: workers }, () => ({ early: random() < 0.25, fraction: random() }));
      await Promise.all(
        plans.map((plan, w) =>
          killOne(new CrashChild([ws.dir, input, offset, `w${w + 1}`], childEnv), plan.early, plan.fraction),
        ),
      );
    }

    const final = new CrashChild(
      [ws.dir, input, String(clockOffset + (rounds + 1) * STEP_MS), 'final', '--final'],
      childEnv,
    );
    const exit = await final.exited;
    expect(exit.code, `the final run failed:\n${final.stderr}\n${final.lines.join('\n')}`).toBe(0);

    // The audit, straight from the store.
    const location =
      dialect === 'postgres'
        ? { kind: 'postgres' as const, url: PG_URL, schema: env.REVLOOPS_DATABASE_SCHEMA as string }
        : { kind: 'sqlite' as const, path: join(ws.dir, '.revloops/revloops.db') };
    const store = await openStore(location);
    try {
      const db = store.db;
      const engine = new Engine({ workspace: await loadWorkspace(ws.dir), store });
      const events = (
        await sql<{
          id: string;
          type: string;
          status: string;
          idempotency_key: string;
        }>`select id, type, status, idempotency_key from events`.execute(db)
      ).rows;
      const decisions = (
        await sql<{
          id: string;
          loop: string;
          event_id: string | null;
          effects: string;
        }>`select id, loop, event_id, effects from decisions`.execute(db)
      ).rows;

      // Ingest: each lead line is one event, whatever the kills interrupted.
      const leadEvents = events.filter((e) => e.type === 'lead.created');
      expect(leadEvents.length).toBe(leads);
      expect(new Set(events.map((e) => e.idempotency_key)).size).toBe(events.length);
      expect(events.filter((e) => e.status !== 'done').map((e) => `${e.id} ${e.status}`)).toEqual([]);

      // Decisions: exactly one per event and loop it triggers, none for anything else.
      const perEventLoop = new Map<string, number>();
      for (const d of decisions) {
        const key = `${d.event_id}\u0000${d.loop}`;
        perEventLoop.set(key, (perEventLoop.get(key) ?? 0) + 1);
      }
      let lost = 0;
      let doubled = 0;
      let expectedDecisions = 0;
      for (const e of events) {
        for (const l of engine.consumersOf(e.type)) {
          expectedDecisions++;
          const n = perEventLoop.get(`${e.id}\u0000${l.name}`) ?? 0;
          if (n === 0) lost++;
          if (n > 1) doubled += n - 1;
        }
      }
      const eventById = new Map(events.map((e) => [e.id, e]));
      const stray = decisions.filter((d) => {
        const e = d.event_id ? eventById.get(d.event_id) : undefined;
        return !e || !engine.consumersOf(e.type).some((l) => l.name === d.loop);
      }).length;
      expect(new Set(decisions.map((d) => d.id)).size).toBe(decisions.length);

      // Effects as the decisions recorded them.
      const effects = decisions.flatMap((d) => (JSON.parse(d.effects) as Effect[]).map((e) => ({ d, e })));
      const writes = new Map<string, number>();
      const deleted = new Set<string>();
      const taskIds: string[] = [];
      const handoffIds: string[] = [];
      const outboxIds: string[] = [];
      const reviewIds: string[] = [];
      for (const { e } of effects) {
        if (e.kind === 'record_write' || e.kind === 'task') {
          const key = e.kind === 'task' ? `task:${e.id}` : `${e.record}:${e.recordId}`;
          writes.set(key, (writes.get(key) ?? 0) + 1);
          if (e.kind === 'record_write' && e.op === 'delete') deleted.add(key);
          if (e.kind === 'task') taskIds.push(e.id);
        } else if (e.kind === 'handoff') handoffIds.push(e.id);
        else if (e.kind === 'notification' || e.kind === 'escalation') outboxIds.push(e.id);
        else if (e.kind === 'review_item') reviewIds.push(e.id);
      }

      // Record writes: only loops write leads, tasks and pools here, so each version is one write.
      const versions = new Map<string, number>();
      for (const kind of ['lead', 'task', 'pool'] as const) {
        const rows = (
          await sql<{
            id: string;
            version: number;
          }>`select id, version from ${sql.table(`rec_${kind}`)}`.execute(db)
        ).rows;
        for (const r of rows) versions.set(`${kind}:${r.id}`, Number(r.version));
      }
      const badVersions = [...writes]
        .filter(([key]) => ['lead:', 'task:', 'pool:'].some((k) => key.startsWith(k)) && !deleted.has(key))
        .filter(([key, n]) => versions.get(key) !== n)
        .map(([key, n]) => `${key} written ${n}x, version ${versions.get(key)}`);
      expect(badVersions).toEqual([]);
      const taskRows = Number(
        (await sql<{ n: string }>`select count(*) as n from rec_task`.execute(db)).rows[0]?.n,
      );
      expect(new Set(taskIds).size).toBe(taskIds.length);
      expect(taskRows).toBe(taskIds.length);

      // Handoffs: one event each, keyed by the effect.
      const handoffEvents = events.filter((e) => e.idempotency_key.startsWith('handoff:'));
      expect(new Set(handoffIds).size).toBe(handoffIds.length);
      expect(handoffEvents.map((e) => e.idempotency_key.slice('handoff:'.length)).sort()).toEqual(
        [...handoffIds].sort(),
      );
      const reviewRows = Number(
        (await sql<{ n: string }>`select count(*) as n from review_items`.execute(db)).rows[0]?.n,
      );
      expect(reviewRows).toBe(reviewIds.length);

      // Outbox: one row per notification or escalation effect, each delivered.
      const outbox = (
        await sql<{
          id: string;
          channel: string;
          status: string;
          decision_id: string;
        }>`select id, channel, status, decision_id from outbox`.execute(db)
      ).rows;
      expect(outbox.map((o) => o.id).sort()).toEqual([...outboxIds].sort());
      expect(outbox.filter((o) => o.status !== 'delivered').map((o) => `${o.id} ${o.status}`)).toEqual([]);
      // The receiver: every webhook row arrived, under its own key, signed, with one body per key.
      const hooks = outbox.filter((o) => o.channel === 'webhook');
      const seen = receiver.seen;
      const missing = hooks.filter((o) => !seen.has(o.id)).length;
      const unknown = [...seen.keys()].filter((k) => !hooks.some((o) => o.id === k));
      const resent = [...seen.values()].reduce((n, r) => n + r.count - 1, 0);
      expect(hooks.length).toBeGreaterThan(0);
      expect(missing).toBe(0);
      expect(unknown).toEqual([]);
      expect([...seen.values()].filter((r) => r.changed > 0 || r.unsigned > 0)).toEqual([]);
      for (const o of hooks) {
        const body = JSON.parse(seen.get(o.id)?.body ?? '{}') as { id: string; decisionId: string };
        expect(body).toMatchObject({ id: o.id, decisionId: o.decision_id });
      }
      // A re-send happens only when a kill fell between a POST and marking its row delivered.
      expect(resent).toBeLessThanOrEqual(kills * SEND_CONCURRENCY);

      // Replay: every decision recomputes to what was stored.
      const replayed = await cli(['replay', '--all', '--json', '--workspace', ws.dir], [], undefined, env);
      expect(replayed.err).toBe('');
      const replay = JSON.parse(replayed.out) as { checked: number; identical: number; different: number };

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `crash ${dialect}: seed ${storeSeed(dialect)}, ${kills} kills (${workers} worker(s) at once; killed in ${Object.entries(
          phases,
        )
          .map(([p, n]) => `${p} ${n}`)
          .join(', ')}), ${events.length} events (${leads} leads), ${decisions.length} decisions, ` +
          `lost ${lost}, duplicated ${doubled + stray}; ${taskIds.length} tasks, ${handoffIds.length} handoffs, ` +
          `${outbox.length} outbox rows (${hooks.length} webhook, ${seen.size} distinct keys received, ${resent} re-sent with the same key); ` +
          `replay ${replay.identical}/${replay.checked} identical, different ${replay.different}; ${seconds} s`,
      );
      expect(kills).toBeGreaterThanOrEqual(KILLS);
      expect(lost).toBe(0);
      expect(doubled).toBe(0);
      expect(stray).toBe(0);
      expect(decisions.length).toBe(expectedDecisions);
      expect(replay.different).toBe(0);
      expect(replay.checked).toBe(decisions.length);
      expect(replayed.code).toBe(0);
    } finally {
      await store.close();
    }
  }, 3_600_000);
});
