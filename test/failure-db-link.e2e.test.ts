import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine, loadWorkspace, openStore, runWorker, type Store } from '../src/index.js';
import { copyWorkspace } from './helpers/cli.js';
import { DIALECTS, PG_URL, storeEnv } from './helpers/dialects.js';

// The link between a worker and PostgreSQL is cut (every connection reset, new ones refused) and
// restored, without touching the shared server: the worker talks to it through a loopback TCP relay
// the test controls. The worker must wait, reconnect and finish; a one-shot worker gives up.

/** A loopback TCP relay to PostgreSQL that the test can cut and restore on the same port. */
class Link {
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  async up(): Promise<void> {
    const target = new URL(PG_URL);
    const server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (s) await new Promise((resolve) => s.close(resolve));
  }

  url(): string {
    const u = new URL(PG_URL);
    u.port = String(this.port);
    return u.toString();
  }
}

describe.runIf(DIALECTS.includes('postgres'))('the database link is cut while a worker runs', () => {
  const ws = copyWorkspace('test/fixtures/plugin-ws', true);
  const { env, drop } = storeEnv('postgres');
  const schema = env.REVLOOPS_DATABASE_SCHEMA as string;
  const link = new Link();
  const stores: Store[] = [];
  afterAll(async () => {
    await link.cut();
    for (const s of stores) await s.close().catch(() => undefined);
    ws.cleanup();
    await drop();
  });

  const EVENTS = 400;

  it('the worker waits, reconnects and finishes: one decision per event, none lost', async () => {
    await link.up();
    const workspace = await loadWorkspace(ws.dir);
    // the test's own view of the store goes straight to the server; the worker's through the link
    const direct = await openStore({ kind: 'postgres', url: PG_URL, schema });
    stores.push(direct);
    const store = await openStore({ kind: 'postgres', url: link.url(), schema });
    stores.push(store);
    const engine = new Engine({ workspace, store, batchSize: 20, leaseMs: 2_000 });
    await engine.recordConfigVersions();
    await direct.transaction(async (trx) => {
      for (let i = 0; i < EVENTS; i++)
        await engine.emit(
          { type: 'signup.created', payload: { email: `l${i}@co${i % 9}.com`, seats: i % 15 } },
          trx,
        );
    });
    const count = async (q: ReturnType<typeof sql<{ n: string }>>) =>
      Number((await q.execute(direct.db)).rows[0]?.n);
    const decided = () => count(sql`select count(*) as n from decisions where loop = 'signup-triage'`);

    const controller = new AbortController();
    const losses: string[] = [];
    const running = runWorker(engine, {
      pollMs: 20,
      signal: controller.signal,
      onConnectionLoss: (err, wait) => losses.push(`${(err as Error).message} (${wait} ms)`),
    });
    let outcome: unknown = 'running';
    running.then(
      () => {
        outcome = 'stopped';
      },
      (err) => {
        outcome = err;
      },
    );
    const until = async (what: string, check: () => Promise<boolean>) => {
      const end = Date.now() + 60_000;
      while (!(await check())) {
        if (outcome !== 'running')
          throw new Error(`the worker ended while waiting for ${what}: ${String(outcome)}`);
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await sleep(20);
      }
    };
    try {
      await until('the first decisions', async () => (await decided()) >= 40);
      await link.cut();
      await sleep(1_500);
      expect(outcome).toBe('running');
      await link.up();
      await until('every event done', async () => {
        const notDone = await count(sql`select count(*) as n from events where status <> 'done'`);
        return notDone === 0 && (await decided()) === EVENTS;
      });
    } finally {
      controller.abort();
      await running.catch(() => undefined);
    }
    expect(outcome).toBe('stopped');
    expect(losses.length).toBeGreaterThan(0);
    expect(
      await count(sql`select count(distinct event_id) as n from decisions where loop = 'signup-triage'`),
    ).toBe(EVENTS);
    expect(await count(sql`select count(*) as n from rec_lead where version > 1`)).toBe(0);
    expect(await count(sql`select count(*) as n from rec_lead`)).toBe(EVENTS);
    console.log(`db link cut: ${EVENTS} events decided once each after ${losses.length} reconnect wait(s)`);
  });

  it('a one-shot worker gives up with the connection error when the database stays away', async () => {
    const workspace = await loadWorkspace(ws.dir);
    const store = await openStore({ kind: 'postgres', url: link.url(), schema });
    stores.push(store);
    const engine = new Engine({ workspace, store });
    await link.cut();
    const losses: number[] = [];
    const err = await runWorker(engine, {
      once: true,
      pollMs: 10,
      onConnectionLoss: (_e, wait) => losses.push(wait),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error & { code?: string }).code).toBe('ECONNREFUSED');
    // it tried 8 times, waiting twice as long each time
    expect(losses).toEqual([10, 20, 40, 80, 160, 320, 640]);
  });
});
