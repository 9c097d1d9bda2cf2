import type { Command } from 'commander';
import { type JsonObject, RevloopsError } from '../../kernel/index.js';
import {
  approveReviewItem,
  escalateOverdue,
  listReviewItemViews,
  type ReviewActionResult,
  type ReviewItemView,
  reassignReviewItem,
  rejectReviewItem,
  reviewItemDetail,
  setField,
} from '../../runtime/index.js';
import { type ActingOptions, actorOf, collect, parseSetting } from '../actor.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

type ListOptions = ActingOptions & {
  queue?: string;
  loop?: string;
  status: string;
  mine?: boolean;
  overdue?: boolean;
  limit: string;
};
type ActOptions = ActingOptions & { reason?: string; set?: string[]; action?: string };

const clockOf = (rt: CliRuntime) => (rt.setup.clock ?? (() => new Date()))();

function listText(items: readonly ReviewItemView[]): string {
  if (items.length === 0) return 'no review items';
  return table([
    ['id', 'queue', 'loop', 'subject', 'assignee', 'due', 'status', 'conf', 'why'],
    ...items.map((i) => [
      i.id,
      i.queue,
      i.loop,
      i.subject ?? '-',
      i.assignee ?? '(admins)',
      i.dueAt ? `${i.dueAt.slice(0, 16)}${i.overdue ? ' OVERDUE' : ''}` : '-',
      i.status,
      i.confidence === null ? '-' : i.confidence.toFixed(2),
      brief(i.reasoning, 60).replace(/^"|"$/g, ''),
    ]),
  ]);
}

function actionText(verb: string, r: ReviewActionResult): string {
  const writes = r.decision.effects.filter((e) => e.kind === 'record_write').length;
  const edits = (r.item.resolution as { edits?: unknown[] } | null)?.edits ?? [];
  return [
    `${verb} review item ${r.item.id} (as ${r.grant}): decision ${r.decision.id}`,
    ...(edits.length > 0 ? [`  edited: ${brief(edits, 200)}`] : []),
    `  ${writes} record write(s), ${r.decision.effects.length - writes} other effect(s); status ${r.item.status}, assignee ${r.item.assignee ?? '-'}`,
    `  why: revloops explain ${r.decision.id}`,
  ].join('\n');
}

/** The final action of an edit: the proposed one with `--set` fields changed, or `--action` whole. */
function editedAction(proposed: JsonObject, opts: ActOptions): JsonObject {
  if (opts.action) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(opts.action);
    } catch (err) {
      throw new RevloopsError(
        'USAGE',
        `--action is not JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new RevloopsError('USAGE', '--action must be a JSON object');
    return parsed as JsonObject;
  }
  return (opts.set ?? []).map(parseSetting).reduce((a, s) => setField(a, s.path, s.value), proposed);
}

/** `revloops review list|show|approve|edit|reject|reassign|escalate`: one review mechanism for every loop. */
export function registerReview(program: Command, rt: CliRuntime): void {
  const review = program
    .command('review')
    .description('review queues: items people approve, edit, reject or reassign');
  common(review.command('list'))
    .description('review items, oldest first (default: open ones)')
    .option('--queue <queue>', 'only this queue')
    .option('--loop <loop>', 'only items of this loop')
    .option('--status <status>', 'open, approved, rejected or all', 'open')
    .option('--mine', 'only items assigned to --as (directly, by team or by role)')
    .option('--as <user>', 'who is asking (default: REVLOOPS_USER)')
    .option('--overdue', 'only items past their due time')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (opts: ListOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new RevloopsError('USAGE', '--limit expects a positive integer');
      if (!['open', 'approved', 'rejected', 'all'].includes(opts.status))
        throw new RevloopsError(
          'USAGE',
          `--status expects open, approved, rejected or all, got ${opts.status}`,
        );
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const me = opts.mine ? await actorOf(store, opts, rt.setup) : undefined;
        const items = await listReviewItemViews(
          engine,
          {
            ...(opts.queue ? { queue: opts.queue } : {}),
            ...(opts.loop ? { loop: opts.loop } : {}),
            ...(opts.status === 'all' ? {} : { status: opts.status }),
            ...(me ? { for: me } : {}),
            ...(opts.overdue ? { overdue: true } : {}),
            limit,
          },
          clockOf(rt),
        );
        emit(rt, opts, items, () => listText(items));
      });
    });
  common(review.command('show <item-id>'))
    .description('one item: what is proposed and why, its payload, due time and every action taken on it')
    .action(async (id: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const d = await reviewItemDetail(engine, id, clockOf(rt));
        emit(
          rt,
          opts,
          { item: d.item, payload: d.created?.input ?? null, created: d.created ?? null, actions: d.actions },
          () => {
            const i = d.item;
            return [
              `review item ${i.id} (${i.status}${i.overdue ? ', overdue' : ''})`,
              `  queue      ${i.queue} (loop ${i.loop})`,
              `  subject    ${i.subject ?? '-'}`,
              `  assignee   ${i.assignee ?? '(no one: admins only)'}`,
              `  due        ${i.dueAt ?? '-'}${i.escalations > 0 ? ` (escalated ${i.escalations}x)` : ''}`,
              `  confidence ${i.confidence === null ? '-' : i.confidence.toFixed(2)}`,
              `  created by ${i.decisionId} (revloops explain ${i.decisionId})`,
              'why',
              `  ${i.reasoning}`,
              'proposed action',
              ...JSON.stringify(i.proposedAction, null, 2)
                .split('\n')
                .map((l) => `  ${l}`),
              'payload',
              `  ${brief(d.created?.input ?? null, 400)}`,
              'actions',
              ...(d.actions.length === 0
                ? ['  (none)']
                : d.actions.map(
                    (a) => `  ${a.now.slice(0, 19)} ${a.eventType} ${a.id}: ${a.reasons[0] ?? ''}`,
                  )),
            ].join('\n');
          },
        );
      });
    });
  const act = (name: string, description: string) =>
    common(review.command(name))
      .description(description)
      .option(
        '--as <user>',
        'who acts (default: REVLOOPS_USER); refused unless assignee, in its team or role, or an admin',
      )
      .option('--reason <text>', 'why');
  act(
    'approve <item-id>',
    'approve as proposed: the action is carried out as record writes, in one transaction',
  ).action(async (id: string, opts: ActOptions) => {
    await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
      const actor = await actorOf(store, opts, rt.setup);
      const r = await approveReviewItem(
        engine,
        id,
        actor,
        opts.reason ? { reason: opts.reason } : {},
        clockOf(rt),
      );
      emit(rt, opts, r, () => actionText('approved', r));
    });
  });
  act('edit <item-id>', 'edit the proposed action, then approve it; the field-level diff is kept')
    .option('--set <path=value>', 'change one field of the action (JSON value or text); repeatable', collect)
    .option('--action <json>', 'replace the whole action')
    .action(async (id: string, opts: ActOptions) => {
      if (!opts.action && (opts.set ?? []).length === 0)
        throw new RevloopsError('USAGE', 'edit needs --set path=value (repeatable) or --action <json>');
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const actor = await actorOf(store, opts, rt.setup);
        const now = clockOf(rt);
        const { item } = await reviewItemDetail(engine, id, now);
        const action = editedAction(item.proposedAction, opts);
        const r = await approveReviewItem(
          engine,
          item.id,
          actor,
          { action, ...(opts.reason ? { reason: opts.reason } : {}) },
          now,
        );
        emit(rt, opts, r, () => actionText('edited and approved', r));
      });
    });
  act('reject <item-id>', 'reject with a reason').action(async (id: string, opts: ActOptions) => {
    await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
      const actor = await actorOf(store, opts, rt.setup);
      const r = await rejectReviewItem(engine, id, actor, opts.reason ?? '', clockOf(rt));
      emit(rt, opts, r, () => actionText('rejected', r));
    });
  });
  act('reassign <item-id> <to>', 'give the item to another user, team:<id> or role:<name>').action(
    async (id: string, to: string, opts: ActOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const actor = await actorOf(store, opts, rt.setup);
        const r = await reassignReviewItem(engine, id, actor, to, opts.reason, clockOf(rt));
        emit(rt, opts, r, () => actionText(`reassigned to ${to}`, r));
      });
    },
  );
  common(review.command('escalate'))
    .description(
      "escalate overdue items now, by their queue's escalation levels (workers do this every pass)",
    )
    .action(async (opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const r = await escalateOverdue(engine, clockOf(rt));
        emit(rt, opts, r, () =>
          [
            `checked ${r.checked} due item(s), escalated ${r.escalated.length}`,
            ...r.escalated.map((e) => `  ${e.itemId} level ${e.level} → ${e.to} (${e.decisionId})`),
          ].join('\n'),
        );
      });
    });
}
