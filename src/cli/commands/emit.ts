import type { Command } from 'commander';
import { type Json, RevloopsError } from '../../kernel/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';

type EmitOptions = CommonOptions & { subject?: string; key?: string; source: string; process?: boolean };

/** `revloops emit <type> <json>`: accepts one event (idempotent by key) and optionally processes it. */
export function registerEmit(program: Command, rt: CliRuntime): void {
  common(program.command('emit <type> <payload>'))
    .description('accept one event, e.g. revloops emit lead.created \'{"id":"l1","email":"a@b.com"}\'')
    .option('--subject <subject>', 'what the event is about, e.g. lead:l1')
    .option('--key <key>', 'idempotency key (default: derived from type and payload)')
    .option('--source <source>', 'where the event came from', 'cli')
    .option('--process', 'process pending events right away')
    .action(async (type: string, payloadText: string, opts: EmitOptions) => {
      let payload: Json;
      try {
        payload = JSON.parse(payloadText) as Json;
      } catch (err) {
        throw new RevloopsError(
          'USAGE',
          `the payload is not JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const accepted = await engine.emit({
          type,
          payload,
          source: opts.source,
          ...(opts.subject ? { subject: opts.subject } : {}),
          ...(opts.key ? { idempotencyKey: opts.key } : {}),
        });
        if (accepted.conflict)
          throw new RevloopsError(
            'CONFLICT',
            `idempotency key ${opts.key ?? ''} already names event ${accepted.id} with another type or payload; nothing changed`,
            [{ path: '--key', message: 'expected a new key for a different event' }],
          );
        const processed = opts.process ? await engine.drain() : undefined;
        emit(rt, opts, { ...accepted, ...(processed ? { processed } : {}) }, () =>
          [
            accepted.inserted
              ? `accepted event ${accepted.id}`
              : `already had this event (${accepted.id}); nothing changed`,
            ...(processed
              ? [
                  `processed ${processed.claimed} event(s): ${processed.decisions} decision(s), ${processed.failed} failed, ${processed.dead} dead`,
                ]
              : []),
          ].join('\n'),
        );
      });
    });
}
