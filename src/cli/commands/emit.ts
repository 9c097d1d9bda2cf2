import type { Command } from 'commander';
import { type Json, RevloopsError } from '../../kernel/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';

/** The shape the HTTP intake accepts for an event type. */
const EVENT_TYPE = /^[a-z0-9][a-z0-9._-]*$/i;

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
      if (!EVENT_TYPE.test(type) || type.length > 200)
        throw new RevloopsError('USAGE', `${JSON.stringify(type)} is not an event type`, [
          { path: 'type', message: 'expected an event type such as lead.created' },
        ]);
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
        throw new RevloopsError('USAGE', 'the payload must be a JSON object', [
          {
            path: 'payload',
            message: `expected an object, received ${Array.isArray(payload) ? 'an array' : typeof payload}`,
          },
        ]);
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        // Refused before anything is stored, as the HTTP intake refuses it.
        const problem = engine.contractProblem(type, payload);
        if (problem)
          throw new RevloopsError(
            'CONTRACT_VIOLATION',
            `the payload is not a valid ${type} input of loop ${problem.loop}; nothing was stored`,
            problem.issues.map((i) => ({ path: ['payload', ...i.path].join('.'), message: i.message })),
          );
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
            ...(engine.consumersOf(type).length === 0
              ? [`no enabled loop takes ${type}: it is kept in the event log and decides nothing`]
              : []),
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
