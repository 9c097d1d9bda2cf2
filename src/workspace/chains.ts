import { z } from 'zod';
import { type AnyLoop, type Issue, inputContract } from '../kernel/index.js';
import { firstIncompatibility, type JsonSchemaNode } from './schema-compat.js';
import type { LoadedLoop } from './types.js';
import type { WorkspaceConfig } from './workspace-config.js';
import type { YamlSource } from './yaml-source.js';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchemaNode {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchemaNode;
}

/** The handoffs from one loop that another listens to. */
function links(from: AnyLoop, to: AnyLoop): string[] {
  const listens = new Set(
    to.triggers.flatMap((t) => (t.kind === 'event' || t.kind === 'handoff' ? [t.on] : [])),
  );
  return from.emits.filter((e) => listens.has(e.type)).map((e) => e.type);
}

/**
 * Link verdicts by producer, consumer and type. They depend on the loops' code only, never on
 * config, and converting schemas to JSON Schema is the slow part of loading a workspace.
 */
const linkVerdicts = new WeakMap<AnyLoop, WeakMap<AnyLoop, Map<string, string | undefined>>>();

/** Checks one producer → consumer link: the handoff's payload schema must satisfy the input schema. */
function checkLink(from: AnyLoop, to: AnyLoop, type: string): string | undefined {
  const byConsumer = linkVerdicts.get(from) ?? new WeakMap<AnyLoop, Map<string, string | undefined>>();
  linkVerdicts.set(from, byConsumer);
  const byType = byConsumer.get(to) ?? new Map<string, string | undefined>();
  byConsumer.set(to, byType);
  if (!byType.has(type)) byType.set(type, computeLink(from, to, type));
  return byType.get(type);
}

function computeLink(from: AnyLoop, to: AnyLoop, type: string): string | undefined {
  const emit = from.emits.find((e) => e.type === type);
  if (!emit) return `loop ${from.name} does not emit ${type}`;
  const found = firstIncompatibility(
    jsonSchema(emit.schema, 'output'),
    jsonSchema(inputContract(to, type), 'input'),
  );
  return found ? `${type} from ${from.name} to ${to.name}: field ${found.path} ${found.reason}` : undefined;
}

/**
 * Checks every handoff between enabled loops (the contract of each link), and that each chain in
 * revloops.yaml names enabled loops that actually hand off to one another in order.
 */
export function checkChains(
  config: WorkspaceConfig,
  main: YamlSource,
  loops: ReadonlyMap<string, LoadedLoop>,
): Issue[] {
  const issues: Issue[] = [];
  const enabled = [...loops.values()].filter((l) => l.enabled).map((l) => l.loop);
  for (const from of enabled) {
    for (const to of enabled) {
      for (const type of links(from, to)) {
        const problem = checkLink(from, to, type);
        if (problem)
          issues.push({
            file: main.file,
            line: 1,
            column: 1,
            path: 'loops',
            message: `incompatible handoff: ${problem}`,
          });
      }
    }
  }
  config.chains.forEach((chain, c) => {
    chain.loops.forEach((name, i) => {
      const at = main.locate(['chains', c, 'loops', i]);
      const loaded = loops.get(name);
      if (!loaded?.enabled) {
        issues.push({
          file: main.file,
          ...at,
          path: `chains.${c}.loops.${i}`,
          message: `chain ${chain.name} names ${name}, which is not an enabled loop`,
        });
        return;
      }
      const nextName = chain.loops[i + 1];
      const next = nextName === undefined ? undefined : loops.get(nextName);
      if (next?.enabled && links(loaded.loop, next.loop).length === 0) {
        issues.push({
          file: main.file,
          ...at,
          path: `chains.${c}.loops.${i}`,
          message: `chain ${chain.name}: ${name} emits nothing that ${nextName} listens to (emits: ${loaded.loop.emits.map((e) => e.type).join(', ') || 'none'})`,
        });
      }
    });
  });
  return issues;
}
