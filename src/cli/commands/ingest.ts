import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ProcessReport } from '../../runtime/index.js';
import {
  ingestFile,
  type LocatedMapping,
  readMappingFile,
  workspaceMapping,
} from '../../runtime/intake/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { allRejected, fileProgress, mappingSource, rejectedLines } from '../intake-output.js';
import { type CliRuntime, common, emit } from '../program.js';

type IngestOptions = CommonOptions & { type: string; map?: string; source?: string; process?: boolean };

function mappingLabel(m: LocatedMapping | null): string {
  const source = mappingSource(m);
  if (!source) return 'no mapping: CSV headers are the field names, JSONL lines the payloads';
  return `mapping: ${source.file}${source.path ? ` ${source.path}` : ''}`;
}

function processedLine(p: ProcessReport): string {
  return `processed ${p.claimed} event(s): ${p.decisions} decision(s), ${p.done} done, ${p.failed} to retry, ${p.dead} dead`;
}

/** `revloops ingest <file> --type <event-type>`: every row of a CSV or JSONL file becomes an event. */
export function registerIngest(program: Command, rt: CliRuntime): void {
  common(program.command('ingest <file>'))
    .description(
      'turn each row of a .csv or .jsonl file into an event; ingesting the same file again adds nothing',
    )
    .requiredOption('-t, --type <event-type>', 'the event type of every row, e.g. lead.created')
    .option('--map <mapping.yaml>', 'the column mapping (default: intake.<type> in revloops.yaml, else none)')
    .option('--source <source>', 'where the events came from (default: file:<name>)')
    .option('--process', 'process pending events right away')
    .action(async (file: string, opts: IngestOptions) => {
      const fromFile = opts.map ? readMappingFile(opts.map) : null;
      await withWorkspace(opts, rt.setup, async ({ engine, workspace }) => {
        const located = fromFile ?? workspaceMapping(workspace, opts.type);
        const bar = fileProgress(rt, 'ingest');
        const report = await ingestFile(engine, resolve(file), {
          type: opts.type,
          mapping: located?.mapping ?? null,
          ...(located ? { origin: located.origin } : {}),
          ...(opts.source ? { source: opts.source } : {}),
          onProgress: bar.update,
        }).finally(bar.stop);
        const processed = opts.process ? await engine.drain() : undefined;
        const body = {
          ...report,
          file,
          mapping: mappingSource(located),
          ...(processed ? { processed } : {}),
        };
        emit(rt, opts, body, () =>
          [
            `ingested ${file} as ${opts.type} (${mappingLabel(located)})`,
            `read ${report.read} row(s): ${report.accepted} accepted, ${report.duplicates} already known, ${report.rejected.length} rejected`,
            ...rejectedLines(report.rejected),
            ...(processed ? [processedLine(processed)] : []),
          ].join('\n'),
        );
        if (allRejected(report)) rt.exit(1);
      });
    });
}
