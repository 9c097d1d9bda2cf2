import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Decision } from '../../kernel/index.js';
import { type Json, RevloopsError } from '../../kernel/index.js';
import type { Engine } from '../../runtime/index.js';
import { getDecision, type Store } from '../../store/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

type RunOptions = CommonOptions & { input?: string; type?: string };

async function emitJsonl(
  engine: Engine,
  file: string,
  type: string,
): Promise<{ accepted: number; duplicates: number }> {
  const lines = createInterface({
    input: createReadStream(resolve(file)),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  let accepted = 0;
  let duplicates = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let payload: Json;
    try {
      payload = JSON.parse(line) as Json;
    } catch (err) {
      throw new RevloopsError(
        'USAGE',
        `${file}:${n}: not JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const r = await engine.emit({ type, payload, source: `file:${file}` });
    if (r.inserted) accepted++;
    else duplicates++;
  }
  return { accepted, duplicates };
}

async function decisionsById(store: Store, ids: readonly string[]): Promise<Decision[]> {
  const out: Decision[] = [];
  for (const id of ids) {
    const d = await getDecision(store.db, id);
    if (d) out.push(d);
  }
  return out;
}

/** `revloops run`: validates the workspace, takes optional input events, and processes everything pending. */
export function registerRun(program: Command, rt: CliRuntime): void {
  common(program.command('run'))
    .description(
      'validate the workspace, accept events from --input, process everything pending, and show what was decided',
    )
    .option('-i, --input <file.jsonl>', 'events to accept first, one JSON payload per line')
    .option('-t, --type <event-type>', 'the event type of --input lines, e.g. lead.created')
    .action(async (opts: RunOptions) => {
      if (opts.input && !opts.type)
        throw new RevloopsError('USAGE', '--input needs --type (the event type of each line)');
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const intake =
          opts.input && opts.type
            ? await emitJsonl(engine, opts.input, opts.type)
            : { accepted: 0, duplicates: 0 };
        const report = await engine.drain();
        const made = await decisionsById(store, report.decisionIds);
        const { decisionIds: _ids, ...counts } = report;
        emit(
          rt,
          opts,
          {
            intake,
            report: counts,
            decisions: made.map((d) => ({ id: d.id, loop: d.loop, subject: d.subject, output: d.output })),
          },
          () => {
            const lines = [
              `accepted ${intake.accepted} new event(s), ${intake.duplicates} already known`,
              `processed ${report.claimed} event(s): ${report.decisions} decision(s), ${report.done} done, ${report.failed} to retry, ${report.dead} dead`,
            ];
            if (made.length > 0) {
              lines.push(
                '',
                table([
                  ['decision', 'loop', 'subject', 'output'],
                  ...made.map((d) => [d.id, d.loop, d.subject ?? '-', brief(d.output, 80)]),
                ]),
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
