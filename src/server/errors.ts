import { z } from 'zod';
import { type ErrorCode, type Issue, RevloopsError } from '../kernel/index.js';

/** Codes only the HTTP surface has, besides the kernel's closed set. */
type HttpOnlyCode =
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED';

/** An error the HTTP layer raises itself (authentication, limits), with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpOnlyCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The HTTP status of each kernel error code: the same mapping for every route and for MCP. */
const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  USAGE: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  LOOP_NOT_FOUND: 404,
  CONFLICT: 409,
  CONFIG_INVALID: 422,
  LOOP_INVALID: 422,
  CONTRACT_VIOLATION: 422,
  WORKSPACE_NOT_FOUND: 500,
  OUTPUT_UNDECLARED: 500,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  AGENT_UNAVAILABLE: 503,
};

/** The body of every error response. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe('A stable code: a kernel code such as NOT_FOUND, or UNAUTHENTICATED, RATE_LIMITED.'),
      message: z.string().describe('What went wrong, for people.'),
      path: z
        .string()
        .nullable()
        .describe('Where in the request: the first issue path, e.g. body.events.0.type.'),
      issues: z
        .array(
          z.object({
            path: z.string(),
            message: z.string(),
            file: z.string().optional(),
            line: z.number().optional(),
            column: z.number().optional(),
          }),
        )
        .describe('Every located problem.'),
    }),
  })
  .describe('An error.');

/** An error response body and status. */
interface ErrorReply {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: z.infer<typeof ErrorBody>;
}

function body(code: string, message: string, issues: readonly Issue[]): ErrorReply['body'] {
  return { error: { code, message, path: issues[0]?.path ?? null, issues: [...issues] } };
}

/** Maps anything thrown in a request to a status and a JSON error body. */
export function errorReply(err: unknown): ErrorReply {
  if (err instanceof HttpError)
    return { status: err.status, headers: err.headers, body: body(err.code, err.message, []) };
  if (err instanceof RevloopsError)
    return { status: STATUS_OF[err.code], headers: {}, body: body(err.code, err.message, err.issues) };
  const fastify = err as { statusCode?: number; code?: string; message?: string };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode < 500) {
    const code =
      fastify.statusCode === 413
        ? 'PAYLOAD_TOO_LARGE'
        : fastify.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : fastify.statusCode === 404
            ? 'NOT_FOUND'
            : 'USAGE';
    return {
      status: fastify.statusCode,
      headers: {},
      body: body(code, fastify.message ?? 'bad request', []),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, headers: {}, body: body('INTERNAL', message, []) };
}

/** A USAGE error for a request part that does not match its schema, with one issue per problem. */
export function invalidRequest(part: 'params' | 'query' | 'body', error: z.ZodError): RevloopsError {
  const issues = error.issues.map((i) => ({
    path: [part, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = issues[0];
  return new RevloopsError(
    'USAGE',
    `the request ${part} is not valid${first ? `: ${first.path}: ${first.message}` : ''}`,
    issues,
  );
}
