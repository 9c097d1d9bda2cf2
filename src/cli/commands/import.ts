import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type RecordKind, RevloopsError, recordKindNamed } from '../../kernel/index.js';
import { IMPORTABLE_KINDS, importRecords, readMappingFile } from '../../runtime/intake/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { allRejected, fileProgress, mappingSource, rejectedLines } from '../intake-output.js';
import { type CliRuntime, common, emit } from '../program.js';

type ImportOptions = CommonOptions & { map?: string };

/** The importable kind a name means, singular or plural ("opportunity" or "opportunities"). */
function kindOf(name: string): RecordKind {
  const kind = recordKindNamed(name);
  const known: readonly string[] = IMPORTABLE_KINDS;
  if (kind === null || !known.includes(kind))
    throw new RevloopsError(
      'USAGE',
      `cannot import "${name}"; importable kinds: ${IMPORTABLE_KINDS.join(', ')} (singular or plural)`,
    );
  return kind;
}

/** `revloops import <kind> <file>`: loads records of work, upserting by external id. */
export function registerImport(program: Command, rt: CliRuntime): void {
  common(program.command('import <kind> <file>'))
    .description(
      `load records (${IMPORTABLE_KINDS.join(', ')}) from a .csv or .jsonl file, upserting by externalId; unchanged records are not rewritten`,
    )
    .option('--map <mapping.yaml>', 'the column mapping; it must map externalId (default: the CSV headers)')
    .addHelpText(
      'after',
      [
        '',
        'Rows that fail the mapping or the record schema, and a later row repeating an external id,',
        'are rejected with their row number; the other rows are imported. A null value is absent.',
        '',
        'Exit codes:',
        '  0  the file was read and at least one row was taken (some rows may be rejected)',
        '  1  every row was rejected, or the file or the mapping was refused: nothing is imported',
        'To fail a scheduled job on any rejected row, use --json and check that "rejected" is empty.',
      ].join('\n'),
    )
    .action(async (kindArg: string, file: string, opts: ImportOptions) => {
      const kind = kindOf(kindArg);
      const located = opts.map ? readMappingFile(opts.map) : null;
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const bar = fileProgress(rt, `import ${kind}`);
        const report = await importRecords(store, kind, resolve(file), {
          mapping: located?.mapping ?? null,
          ...(located ? { origin: located.origin } : {}),
          now: (rt.setup.clock ?? (() => new Date()))().toISOString(),
          onProgress: bar.update,
        }).finally(bar.stop);
        emit(rt, opts, { ...report, file, mapping: mappingSource(located) }, () =>
          [
            `imported ${file} as ${kind} records`,
            `read ${report.read} row(s): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected`,
            ...rejectedLines(report.rejected),
          ].join('\n'),
        );
        if (allRejected(report)) rt.exit(1);
      });
    });
}
