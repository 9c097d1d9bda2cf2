import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import {
  countEventsByStatus,
  countOutboxByStatus,
  type Db,
  type EventTable,
  getEvent,
  getOutbox,
  listEvents,
  listOutbox,
  type OutboxStatus,
  type OutboxTable,
  retryDeadOutbox,
  retryEvents,
} from '../../store/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

const STATUSES = ['pending', 'claimed', 'failed', 'dead', 'done'] as const;
const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'failed', 'dead', 'delivered'];

type ListOptions = CommonOptions & { status?: string; limit: string; outbox?: boolean };
type RetryOptions = CommonOptions & { allDead?: boolean };

function summary(e: EventTable) {
  return {
    id: e.id,
    type: e.type,
    status: e.status,
    attempts: e.attempts,
    subject: e.subject,
    source: e.source,
    lastError: e.last_error,
    nextAttemptAt: e.next_attempt_at,
    createdAt: e.created_at,
  };
}

function deliverySummary(o: OutboxTable) {
  return {
    id: o.id,
    channel: o.channel,
    recipient: o.recipient,
    status: o.status,
    attempts: o.attempts,
    lastError: o.last_error,
    nextAttemptAt: o.next_attempt_at,
    decisionId: o.decision_id,
    createdAt: o.created_at,
    deliveredAt: o.delivered_at,
  };
}

/** Why an id named on the command line was not retried. */
async function notRetried(db: Db, id: string): Promise<RevloopsError> {
  const e = await getEvent(db, id);
  if (!e)
    return new RevloopsError(
      'NOT_FOUND',
      `no event or delivery ${id}: see revloops events list (--outbox for deliveries)`,
    );
  return new RevloopsError(
    'CONFLICT',
    `event ${id} is ${e.status}: only failed or dead events can be retried`,
  );
}

async function printEvents(rt: CliRuntime, opts: ListOptions, db: Db, limit: number): Promise<void> {
  const rows = await listEvents(db, { limit, ...(opts.status ? { status: opts.status } : {}) });
  const counts = await countEventsByStatus(db);
  emit(rt, opts, { counts, events: rows.map(summary) }, () => {
    const totals = STATUSES.map((s) => `${s} ${counts[s] ?? 0}`).join(', ');
    if (rows.length === 0) return `${totals}\nno events${opts.status ? ` with status ${opts.status}` : ''}`;
    return [
      totals,
      '',
      table([
        ['id', 'type', 'status', 'attempts', 'last error'],
        ...rows.map((e) => [
          e.id,
          e.type,
          e.status,
          String(e.attempts),
          e.last_error ? brief(e.last_error, 70) : '-',
        ]),
      ]),
    ].join('\n');
  });
}

async function printDeliveries(rt: CliRuntime, opts: ListOptions, db: Db, limit: number): Promise<void> {
  const rows = await listOutbox(db, { limit, ...(opts.status ? { status: opts.status } : {}) });
  const counts = await countOutboxByStatus(db);
  emit(rt, opts, { counts, deliveries: rows.map(deliverySummary) }, () => {
    const totals = OUTBOX_STATUSES.map((s) => `${s} ${counts[s] ?? 0}`).join(', ');
    if (rows.length === 0)
      return `${totals}\nno deliveries${opts.status ? ` with status ${opts.status}` : ''}`;
    return [
      totals,
      '',
      table([
        ['id', 'channel', 'recipient', 'status', 'attempts', 'last error', 'decision'],
        ...rows.map((o) => [
          o.id,
          o.channel,
          o.recipient,
          o.status,
          String(o.attempts),
          o.last_error ? brief(o.last_error, 70) : '-',
          o.decision_id,
        ]),
      ]),
    ].join('\n');
  });
}

function registerList(events: Command, rt: CliRuntime): void {
  common(events.command('list'))
    .description(
      'list events (or, with --outbox, outbox deliveries), oldest first, with their status, attempts and last error',
    )
    .option(
      '--outbox',
      'list outbox deliveries instead: channel, recipient and the decision that queued each',
    )
    .option(
      '--status <status>',
      `only this status: ${STATUSES.join(', ')} (deliveries: ${OUTBOX_STATUSES.join(', ')})`,
    )
    .option('--limit <n>', 'at most this many', '100')
    .action(async (opts: ListOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new RevloopsError('USAGE', '--limit expects a positive integer');
      const allowed: readonly string[] = opts.outbox ? OUTBOX_STATUSES : STATUSES;
      if (opts.status && !allowed.includes(opts.status))
        throw new RevloopsError(
          'USAGE',
          `--status expects one of ${allowed.join(', ')}${opts.outbox ? ' with --outbox' : ''}`,
        );
      await withWorkspace(opts, rt.setup, ({ store }) =>
        (opts.outbox ? printDeliveries : printEvents)(rt, opts, store.db, limit),
      );
    });
}

function registerRetry(events: Command, rt: CliRuntime): void {
  common(events.command('retry [ids...]'))
    .description(
      'put failed or dead events, or dead deliveries (events list --outbox), back to pending with attempts reset',
    )
    .option('--all-dead', 'retry every dead event and every dead delivery')
    .action(async (ids: string[], opts: RetryOptions) => {
      if (ids.length > 0 === Boolean(opts.allDead))
        throw new RevloopsError('USAGE', 'give event or delivery ids, or --all-dead (not both)');
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const now = (rt.setup.clock ?? (() => new Date()))().toISOString();
        let deliveries = 0;
        const retried = await store.transaction(async (trx) => {
          const outbox: OutboxTable[] = [];
          for (const id of ids) {
            const row = await getOutbox(trx, id);
            if (row) outbox.push(row);
          }
          const notDead = outbox.find((o) => o.status !== 'dead');
          if (notDead)
            throw new RevloopsError(
              'CONFLICT',
              `delivery ${notDead.id} is ${notDead.status}: only dead deliveries can be retried`,
            );
          const outboxIds = outbox.map((o) => o.id);
          deliveries = await retryDeadOutbox(trx, opts.allDead ? { now } : { now, ids: outboxIds });
          const eventIds = ids.filter((id) => !outboxIds.includes(id));
          if (!opts.allDead && eventIds.length === 0) return [];
          const rows = await retryEvents(trx, opts.allDead ? { allDead: true } : { ids: eventIds }, now);
          const missing = eventIds.find((id) => !rows.some((r) => r.id === id));
          if (missing) throw await notRetried(trx, missing);
          return rows;
        });
        const body = retried.map((e) => ({
          id: e.id,
          type: e.type,
          was: e.status,
          attempts: e.attempts,
          lastError: e.last_error,
        }));
        emit(rt, opts, { retried: body, deliveries }, () => {
          const lines =
            deliveries > 0 ? [`${deliveries} delivery(ies) are pending again; the worker sends them`] : [];
          if (body.length === 0)
            return (lines.length > 0 ? lines : ['no dead events or deliveries']).join('\n');
          return [
            ...lines,
            `${body.length} event(s) are pending again; process them with: revloops run`,
            ...body.map(
              (e) =>
                `  ${e.id}  ${e.type}  was ${e.was} after ${e.attempts} attempt(s): ${e.lastError ?? '(no error recorded)'}`,
            ),
          ].join('\n');
        });
      });
    });
}

/** `revloops events list|retry`: the event queue and the outbox, and bringing what failed back. */
export function registerEvents(program: Command, rt: CliRuntime): void {
  const events = program
    .command('events')
    .description('list events and outbox deliveries, and retry failed or dead ones');
  registerList(events, rt);
  registerRetry(events, rt);
}
