import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServerContext } from './context.js';
import type { Principal } from './principal.js';
import type { Role } from './tokens.js';

/** What a route handler gets: the parsed request parts and who is asking. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One API route: its schemas (the OpenAPI document is generated from them), roles and handler. */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path, with `:name` parameters, e.g. /v1/review-items/:id. */
  url: string;
  tag: string;
  summary: string;
  description?: string;
  /** Roles allowed to call it; the handler narrows further (a rep's own items). */
  roles: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** The success status (default 200); a handler may set another on the reply. */
  status?: number;
  /** Extra success statuses the route answers with, for the document. */
  alsoStatus?: readonly number[];
  /** Its result is sent as JSON; the response schema documents it. */
  handler(ctx: ServerContext, input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

/** A route with its types erased, as the registry holds it. */
export type AnyRoute = RouteDef<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** Declares a route, keeping its schemas' types for the handler. */
export function defineRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
>(def: RouteDef<P, Q, B, R>): AnyRoute {
  return def as unknown as AnyRoute;
}
