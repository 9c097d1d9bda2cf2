import { z } from 'zod';
import type { AnyLoop } from '../kernel/index.js';
import type { JsonSchemaNode } from './schema-compat.js';
import { WorkspaceConfig } from './workspace-config.js';

function inputSchema(schema: z.ZodType): JsonSchemaNode {
  const out = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchemaNode;
  delete out.$schema;
  return out;
}

function rewriteRefs(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, prefix));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] =
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/$defs/${prefix}.${v.slice(8)}`
          : rewriteRefs(v, prefix);
    }
    return out;
  }
  return node;
}

/**
 * Moves a nested schema's own `$defs` (zod emits them for recursive and reused schemas) up into
 * the bundle's `$defs` under `<prefix>.<name>`, so every `$ref` resolves from the bundle's root.
 */
function hoist(schema: JsonSchemaNode, prefix: string, defs: Record<string, JsonSchemaNode>): JsonSchemaNode {
  const { $defs, ...rest } = rewriteRefs(schema, prefix) as JsonSchemaNode & {
    $defs?: Record<string, JsonSchemaNode>;
  };
  for (const [name, def] of Object.entries($defs ?? {})) defs[`${prefix}.${name}`] = def;
  return rest;
}

/** The JSON Schema of one loop's YAML file: its config fields plus `loop: <name>`. */
function loopFileSchema(loop: AnyLoop): JsonSchemaNode {
  const schema = inputSchema(loop.config);
  const loopProp: JsonSchemaNode = {
    const: loop.name,
    description: `This file configures loop ${loop.name}.`,
  };
  return {
    ...schema,
    description: loop.description,
    properties: { loop: loopProp, ...(schema.properties ?? {}) },
    required: ['loop', ...(schema.required ?? [])],
  };
}

/**
 * One JSON Schema for every file of a workspace: revloops.yaml, and loops/<name>.yaml selected by
 * its `loop:` key. Editors with the YAML language server use it to complete and check the files.
 */
// biome-ignore-start lint/suspicious/noThenProperty: `then` is a JSON Schema keyword (if/then/else), not a promise.
export function workspaceJsonSchema(loops: readonly AnyLoop[]): JsonSchemaNode {
  const defs: Record<string, JsonSchemaNode> = {};
  defs.workspace = hoist(inputSchema(WorkspaceConfig), 'workspace', defs);
  for (const loop of loops)
    defs[`loop-${loop.name}`] = hoist(loopFileSchema(loop), `loop-${loop.name}`, defs);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://revloops.dev/schema/workspace.json',
    title: 'revloops workspace file',
    description: 'revloops.yaml, or a loop config file under loops/ (which starts with loop: <name>).',
    type: 'object',
    $defs: defs,
    if: { required: ['loop'] },
    then: {
      properties: { loop: { enum: loops.map((l) => l.name), description: 'The loop this file configures.' } },
      allOf: loops.map((l) => ({
        if: { properties: { loop: { const: l.name } } },
        then: { $ref: `#/$defs/loop-${l.name}` },
      })),
    },
    else: { $ref: '#/$defs/workspace' },
  };
}
// biome-ignore-end lint/suspicious/noThenProperty: see above.
