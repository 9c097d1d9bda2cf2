import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import {
  countEventsByStatus,
  type Db,
  type EventTable,
  getEvent,
  getOutbox,
  listEvents,
  retryDeadOutbox,
  retryEvents,
} from '../../store/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

const STATUSES = ['pending', 'claimed', 'failed', 'dead', 'done'] as const;

type ListOptions = CommonOptions & { status?: string; limit: string };
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

/** Why an id named on the command line was not retried. */
async function notRetried(db: Db, id: string): Promise<RevloopsError> {
  const e = await getEvent(db, id);
  if (!e) return new RevloopsError('NOT_FOUND', `no event ${id}: see revloops events list`);
  return new RevloopsError(
    'CONFLICT',
    `event ${id} is ${e.status}: only failed or dead events can be retried`,
  );
}

function registerList(events: Command, rt: CliRuntime): void {
  common(events.command('list'))
    .description('list events, oldest first, with their status, attempts and last error')
    .option('--status <status>', `only this status: ${STATUSES.join(', ')}`)
    .option('--limit <n>', 'at most this many', '100')
    .action(async (opts: ListOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new RevloopsError('USAGE', '--limit expects a positive integer');
      if (opts.status && !(STATUSES as readonly string[]).includes(opts.status))
        throw new RevloopsError('USAGE', `--status expects one of ${STATUSES.join(', ')}`);
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const rows = await listEvents(store.db, { limit, ...(opts.status ? { status: opts.status } : {}) });
        const counts = await countEventsByStatus(store.db);
        emit(rt, opts, { counts, events: rows.map(summary) }, () => {
          const totals = STATUSES.map((s) => `${s} ${counts[s] ?? 0}`).join(', ');
          if (rows.length === 0)
            return `${totals}\nno events${opts.status ? ` with status ${opts.status}` : ''}`;
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
      });
    });
}

function registerRetry(events: Command, rt: CliRuntime): void {
  common(events.command('retry [ids...]'))
    .description('put failed or dead events, or dead outbox deliveries, back to pending with attempts reset')
    .option('--all-dead', 'retry every dead event and every dead delivery')
    .action(async (ids: string[], opts: RetryOptions) => {
      if (ids.length > 0 === Boolean(opts.allDead))
        throw new RevloopsError('USAGE', 'give event ids or --all-dead (not both)');
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const now = (rt.setup.clock ?? (() => new Date()))().toISOString();
        let deliveries = 0;
        const retried = await store.transaction(async (trx) => {
          const outboxIds: string[] = [];
          for (const id of ids) if (await getOutbox(trx, id)) outboxIds.push(id);
          deliveries = await retryDeadOutbox(trx, opts.allDead ? { now } : { now, ids: outboxIds });
          if (deliveries < outboxIds.length)
            throw new RevloopsError('CONFLICT', 'only dead deliveries can be retried');
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
          if (body.length === 0) return [...lines, 'no dead events'].join('\n');
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

/** `revloops events list|retry`: the event queue, and bringing failed or dead events back. */
export function registerEvents(program: Command, rt: CliRuntime): void {
  const events = program.command('events').description('list events and retry failed or dead ones');
  registerList(events, rt);
  registerRetry(events, rt);
}
