import { z } from 'zod';
import { ErrorBody } from './errors.js';
import type { AnyRoute } from './route.js';

type Schema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Schema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Schema;
  delete out.$schema;
  return out;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Schema[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    schema: p,
  }));
}

const ERRORS: Record<string, string> = {
  '400': 'The request is not valid (USAGE), with the path of each problem.',
  '401': 'No token, or an unknown, revoked or expired one.',
  '403': "The token's role may not call this route, or the action is not the caller's to take.",
  '404': 'Not found, or not visible to the caller.',
  '409': 'A conflict: already resolved, or an idempotency key reused for another event.',
  '413': 'The body is larger than the limit.',
  '422': 'The input does not satisfy a schema (config or loop contract).',
  '429': 'Too many requests for this token; see Retry-After.',
};

/** The OpenAPI 3.1 document of the API, generated from the routes' zod schemas. */
export function openApiDocument(routes: readonly AnyRoute[], version: string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  const error = { content: { 'application/json': { schema: jsonSchema(ErrorBody, 'output') } } };
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const ok = {
      description: 'OK',
      content: { 'application/json': { schema: jsonSchema(r.response, 'output') } },
    };
    const responses: Record<string, Schema> = { [String(r.status ?? 200)]: ok };
    for (const s of r.alsoStatus ?? []) responses[String(s)] = ok;
    for (const [code, description] of Object.entries(ERRORS)) responses[code] = { description, ...error };
    paths[path] ??= {};
    (paths[path] as Record<string, Schema>)[r.method.toLowerCase()] = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      'x-roles': [...r.roles],
      security: [{ bearer: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body
        ? {
            requestBody: {
              required: !r.body.safeParse(undefined).success,
              content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'revloops API',
      version,
      description:
        'Ingest events, explain decisions, work review queues, decide proposals, read config versions, simulate and model. Bearer tokens come from `revloops token create --role <role> --user <id>`; each operation lists the roles it accepts in x-roles.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
