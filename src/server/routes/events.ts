import { z } from 'zod';
import { RevloopsError } from '../../kernel/index.js';
import type { EmitInput } from '../../runtime/index.js';
import { computeSignature, verifySignature } from '../../surfaces/webhook-signature.js';
import type { ServerContext } from '../context.js';
import type { IntakeResult } from '../intake-queue.js';
import { ReplayGuard } from '../replay-guard.js';
import { defineRoute, type RouteInput } from '../route.js';
import { JsonObject } from '../schemas.js';

const EventBody = z
  .strictObject({
    type: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected an event type such as lead.created')
      .max(200)
      .describe('The event type, e.g. lead.created; the loops it triggers decide on it.'),
    payload: JsonObject.describe("The event's data: the input of the loops it triggers."),
    subject: z.string().min(1).max(300).optional().describe('What it is about, e.g. lead:l1.'),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('When it happened (default: now).'),
    idempotencyKey: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe(
        'Sending the same key again adds nothing (default: the Idempotency-Key header, else derived from type and payload).',
      ),
    source: z.string().min(1).max(200).optional().describe('Where it came from (default: api).'),
  })
  .describe('One event.');

const Batch = z
  .strictObject({
    events: z.array(EventBody).min(1).max(1000).describe('Up to 1000 events, accepted together.'),
  })
  .describe('A batch of events.');

const Result = z.object({
  id: z.string().nullable().describe('The event id (the earlier one when it was already known).'),
  status: z
    .enum(['accepted', 'duplicate', 'conflict'])
    .describe(
      'accepted: new and committed; duplicate: already known; conflict: the key names a different event.',
    ),
  key: z.string().describe('The idempotency key it was stored under.'),
});

const BatchResult = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  conflicts: z.number(),
  results: z.array(Result),
});

type EventBody = z.output<typeof EventBody>;

/** How far a signed request's timestamp may be from the server's clock. */
const TOLERANCE_SECONDS = 300;

/** A verified signed request: what identifies it (its timestamp and HMAC) and its timestamp. */
interface Signed {
  signature: string;
  timestamp: number;
}

/**
 * Refuses unsigned or badly signed events when the server has a webhook secret; returns what
 * identifies a signed request, to recognise a replay of it.
 */
function checkSignature(
  ctx: ServerContext,
  input: RouteInput<unknown, unknown, unknown>,
): Signed | undefined {
  const secret = ctx.options.webhookSecret;
  if (!secret) return undefined;
  const header = (name: string) => {
    const v = input.request.headers[name];
    return typeof v === 'string' ? v : '';
  };
  const raw = (input.request as { rawBody?: string }).rawBody ?? '';
  if (
    !verifySignature(
      secret,
      header('x-revloops-timestamp'),
      raw,
      header('x-revloops-signature'),
      TOLERANCE_SECONDS,
      ctx.clock(),
    )
  )
    throw new RevloopsError(
      'FORBIDDEN',
      'the event is not signed with the shared secret, or its timestamp is more than 5 minutes away',
      [
        {
          path: 'headers.x-revloops-signature',
          message: 'expected v1=<hex HMAC-SHA256 of "<X-Revloops-Timestamp>.<body>">',
        },
      ],
    );
  const timestamp = header('x-revloops-timestamp');
  return {
    signature: `${timestamp}.${computeSignature(secret, timestamp, raw)}`,
    timestamp: Number(timestamp),
  };
}

/** Each server's memory of the signed requests it accepted (see ReplayGuard). */
const guards = new WeakMap<ServerContext, ReplayGuard<IntakeResult[]>>();

/**
 * Submits events, or, for a replay of a signed request already accepted, answers what the first
 * one got, every event a duplicate, and adds nothing.
 */
async function submitOnce(
  ctx: ServerContext,
  signed: Signed | undefined,
  events: EmitInput[],
): Promise<IntakeResult[]> {
  if (!signed) return ctx.intake.submit(events);
  let guard = guards.get(ctx);
  if (!guard) {
    guard = new ReplayGuard<IntakeResult[]>(TOLERANCE_SECONDS);
    guards.set(ctx, guard);
  }
  const now = ctx.clock();
  const first = guard.replayOf(signed.signature, now);
  if (first) {
    return (await first).map((r) => (r.status === 'accepted' ? { ...r, status: 'duplicate' as const } : r));
  }
  return guard.remember(signed.signature, signed.timestamp, now, () => ctx.intake.submit(events));
}

function headerKey(input: RouteInput<unknown, unknown, unknown>): string | undefined {
  const v = input.request.headers['idempotency-key'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > 300)
    throw new RevloopsError('USAGE', 'Idempotency-Key must be 1 to 300 characters', [
      { path: 'headers.idempotency-key', message: 'expected one key of 1 to 300 characters' },
    ]);
  return v;
}

/** Rejects, before anything is stored, an event whose payload the loops it triggers cannot take. */
function checkContracts(ctx: ServerContext, e: EventBody, at: string): void {
  const problem = ctx.engine.contractProblem(e.type, e.payload);
  if (problem)
    throw new RevloopsError(
      'CONTRACT_VIOLATION',
      `the payload is not a valid ${e.type} input of loop ${problem.loop}`,
      problem.issues.map((i) => ({ path: [at, 'payload', ...i.path].join('.'), message: i.message })),
    );
}

function emitInput(e: EventBody, key: string | undefined): EmitInput {
  const k = e.idempotencyKey ?? key;
  return {
    type: e.type,
    payload: e.payload as EmitInput['payload'],
    source: e.source ?? 'api',
    ...(e.subject ? { subject: e.subject } : {}),
    ...(e.occurredAt ? { occurredAt: new Date(e.occurredAt).toISOString() } : {}),
    ...(k ? { idempotencyKey: k } : {}),
  };
}

function conflict(r: IntakeResult): RevloopsError {
  return new RevloopsError(
    'CONFLICT',
    `idempotency key ${r.key} already names event ${r.id} with another type or payload`,
    [{ path: 'headers.idempotency-key', message: 'expected a new key for a different event' }],
  );
}

/** Ingest routes: one event or a batch, durable before the response. */
export const eventRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/events',
    tag: 'events',
    summary: 'Accept one event',
    description:
      'The event is committed to the store before the response: 202 when new, 200 when its idempotency key (Idempotency-Key header, `idempotencyKey`, or derived from type and payload) was already known.',
    roles: ['admin', 'ops'],
    body: EventBody,
    response: Result,
    status: 202,
    alsoStatus: [200],
    handler: async (ctx, input) => {
      const signed = checkSignature(ctx, input);
      checkContracts(ctx, input.body, 'body');
      const [r] = await submitOnce(ctx, signed, [emitInput(input.body, headerKey(input))]);
      if (!r || r.status === 'conflict') throw conflict(r as IntakeResult);
      if (r.status === 'duplicate') input.reply.code(200);
      return r;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/events/batch',
    tag: 'events',
    summary: 'Accept a batch of events',
    description:
      'Every event is checked first (one bad event refuses the batch, nothing stored), then all commit in one transaction before the response. With an Idempotency-Key header, event i without its own key gets <key>:<i>.',
    roles: ['admin', 'ops'],
    body: Batch,
    response: BatchResult,
    handler: async (ctx, input) => {
      const signed = checkSignature(ctx, input);
      const key = headerKey(input);
      for (const [i, e] of input.body.events.entries()) checkContracts(ctx, e, `body.events.${i}`);
      const results = await submitOnce(
        ctx,
        signed,
        input.body.events.map((e, i) => emitInput(e, key === undefined ? undefined : `${key}:${i}`)),
      );
      const count = (s: IntakeResult['status']) => results.filter((r) => r.status === s).length;
      return {
        accepted: count('accepted'),
        duplicates: count('duplicate'),
        conflicts: count('conflict'),
        results,
      };
    },
  }),
];
