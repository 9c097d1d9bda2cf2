import { randomUUID } from 'node:crypto';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { type DecisionView, observeMetrics, RevloopsError, tickEventType } from '../../kernel/index.js';
import { type Engine, ingestFile, loadWorkspaceRecords, workspaceMapping } from '../../runtime/index.js';
import { getDecisionViews } from '../../store/index.js';
import type { Workspace } from '../../workspace/index.js';
import { type CliSetup, type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

type RunOptions = CommonOptions & { input?: string; type?: string; asOf?: string };

/** Decisions listed in the text report; `--json` lists every one, `decisions list` the rest. */
const SHOWN_DECISIONS = 25;

/** One mix metric of a loop over the decisions of this run (grades, rules hit, queues). */
interface Mix {
  loop: string;
  metric: string;
  counts: Record<string, number>;
}

/** The outcome mix of the run: each loop's mix metrics with few enough labels to read at a glance. */
function outcomeMix(workspace: Workspace, decisions: readonly DecisionView[]): Mix[] {
  const mixes = new Map<string, Mix>();
  for (const d of decisions) {
    const loop = workspace.loops.get(d.loop)?.loop;
    if (!loop) continue;
    const specs = loop.metrics.filter((m) => m.kind === 'mix');
    for (const o of observeMetrics(specs, d)) {
      const key = `${d.loop}\u0000${o.metric}`;
      const mix = mixes.get(key) ?? { loop: d.loop, metric: o.metric, counts: {} };
      mix.counts[o.label] = (mix.counts[o.label] ?? 0) + 1;
      mixes.set(key, mix);
    }
  }
  return [...mixes.values()]
    .filter((m) => Object.keys(m.counts).length <= 8)
    .map((m) => ({
      ...m,
      counts: Object.fromEntries(Object.entries(m.counts).sort(([a], [b]) => a.localeCompare(b))),
    }));
}

/** The instant of --as-of: a date (midnight UTC) or an ISO instant; only with a loop. */
function asOfDate(loop: string | undefined, asOf: string | undefined): Date | undefined {
  if (asOf === undefined) return undefined;
  if (!loop)
    throw new RevloopsError('USAGE', '--as-of needs a loop, e.g. revloops run pursue --as-of 2026-06-30');
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T00:00:00.000Z` : asOf);
  if (Number.isNaN(at.getTime()))
    throw new RevloopsError(
      'USAGE',
      `--as-of ${asOf}: expected a date such as 2026-06-30 or an ISO-8601 instant`,
    );
  return at;
}

/**
 * Queues one scheduled pass of a loop at an instant. A pass for an instant before `now` is a
 * history pass: the tick says so (`history: true`), so the loop records decisions without
 * notifying anyone or writing live records, and a replay of the tick takes the same branch.
 */
async function emitTick(
  engine: Engine,
  workspace: Workspace,
  name: string,
  at: Date,
  now: Date,
): Promise<void> {
  const loaded = workspace.loops.get(name);
  if (!loaded?.enabled) throw new RevloopsError('USAGE', `${name} is not an enabled loop of this workspace`);
  const schedule = loaded.loop.triggers.find((t) => t.kind === 'schedule');
  if (!schedule)
    throw new RevloopsError('USAGE', `${name} has no schedule: run it through its events instead`);
  // A loop whose pass cannot hold back what it does (nudges, escalations, writes) would act on
  // today's people and records as if it were then: only loops that honour a history pass run in the past.
  if (at.getTime() < now.getTime() && !schedule.history)
    throw new RevloopsError(
      'USAGE',
      `${name} cannot run as of a past instant (${at.toISOString()}): its pass acts on today's records and people; run it without --as-of`,
    );
  const scheduledFor = at.toISOString();
  await engine.emit({
    type: tickEventType(name),
    subject: `loop:${name}`,
    payload: {
      loop: name,
      scheduledFor,
      previousTick: null,
      catchUp: false,
      ...(at.getTime() < now.getTime() ? { history: true } : {}),
    },
    source: 'operator',
    occurredAt: scheduledFor,
    // An operator's pass is an explicit request: each one runs (nudges stay deduplicated by the loop).
    idempotencyKey: `run:${name}:${scheduledFor}:${randomUUID()}`,
  });
}

/** `revloops run`: validates the workspace, takes optional input events, and processes everything pending. */
export function registerRun(program: Command, rt: CliRuntime): void {
  common(program.command('run'))
    .description(
      'validate the workspace, accept events from --input, process everything pending, and show what was decided',
    )
    .option(
      '-i, --input <file>',
      'events to accept first: a .jsonl file (one payload per line) or a .csv file',
    )
    .option(
      '-t, --type <event-type>',
      'the event type of --input rows, e.g. lead.created (uses intake.<type> mapping)',
    )
    .argument('[loop]', 'a scheduled loop to run one pass of now, or as of --as-of (e.g. pursue)')
    .option(
      '--as-of <date>',
      'with a loop: run its scheduled pass as of this date or instant (e.g. 2026-06-30), replaying history as it stood then (a past date: pursue, expand, coach, generate, whose passes then act on nothing)',
    )
    .action(async (loopName: string | undefined, opts: RunOptions) => {
      if (opts.input && !opts.type)
        throw new RevloopsError('USAGE', '--input needs --type (the event type of each line)');
      const asOf = asOfDate(loopName, opts.asOf);
      const setup: CliSetup = asOf ? { ...rt.setup, clock: () => asOf } : rt.setup;
      await withWorkspace(opts, setup, async ({ engine, store, workspace }) => {
        const wallClock = (rt.setup.clock ?? (() => new Date()))();
        const records = await loadWorkspaceRecords(workspace, store, wallClock.toISOString());
        const located = opts.type ? workspaceMapping(workspace, opts.type) : null;
        const ingested =
          opts.input && opts.type
            ? await ingestFile(engine, resolve(opts.input), {
                type: opts.type,
                mapping: located?.mapping ?? null,
                ...(located ? { origin: located.origin } : {}),
              })
            : undefined;
        const intake = {
          accepted: ingested?.accepted ?? 0,
          duplicates: ingested?.duplicates ?? 0,
          rejected: ingested?.rejected ?? [],
        };
        if (loopName)
          await emitTick(engine, workspace, loopName, (setup.clock ?? (() => new Date()))(), wallClock);
        const report = await engine.drain();
        const made = await getDecisionViews(store.db, report.decisionIds);
        const { decisionIds: _ids, ...counts } = report;
        emit(
          rt,
          opts,
          {
            records: records.map(({ file, kind, created, updated, unchanged, rejected }) => ({
              file: relative(workspace.dir, file),
              kind,
              created,
              updated,
              unchanged,
              rejected,
            })),
            intake,
            report: counts,
            decisions: made.map((d) => ({ id: d.id, loop: d.loop, subject: d.subject, output: d.output })),
            mix: outcomeMix(workspace, made),
          },
          () => {
            const lines = [
              ...records.map(
                (r) =>
                  `records ${relative(workspace.dir, r.file)}: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged${r.rejected.length ? `, ${r.rejected.length} rejected (first: row ${r.rejected[0]?.row}: ${r.rejected[0]?.reason})` : ''}`,
              ),
              `accepted ${intake.accepted} new event(s), ${intake.duplicates} already known, ${intake.rejected.length} rejected`,
              ...intake.rejected.slice(0, 20).map((r) => `  row ${r.row}: ${r.reason}`),
              `processed ${report.claimed} event(s): ${report.decisions} decision(s), ${report.done} done, ${report.failed} to retry, ${report.dead} dead`,
            ];
            for (const m of outcomeMix(workspace, made)) {
              lines.push(
                `${m.loop} ${m.metric}: ${Object.entries(m.counts)
                  .map(([label, n]) => `${label} ${n}`)
                  .join(' · ')}`,
              );
            }
            if (made.length > 0) {
              const shown = made.slice(0, SHOWN_DECISIONS);
              lines.push(
                '',
                table([
                  ['decision', 'loop', 'subject', 'output'],
                  ...shown.map((d) => [d.id, d.loop, d.subject ?? '-', brief(d.output, 80)]),
                ]),
              );
              if (made.length > shown.length)
                lines.push(
                  `… and ${made.length - shown.length} more; list them with: revloops decisions list --since ${made[0]?.createdAt} --limit ${made.length}`,
                );
              lines.push('', `explain one with: revloops explain ${made[0]?.id ?? '<id>'}`);
            }
            return lines.join('\n');
          },
        );
        if (report.dead > 0) rt.exit(1);
      });
    });
}
