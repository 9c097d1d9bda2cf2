/** A JSON Schema node, as zod emits it. */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  default?: unknown;
  [key: string]: unknown;
}

/** Why a producer's schema does not satisfy a consumer's, at which field. */
export interface Incompatibility {
  path: string;
  reason: string;
}

function types(s: JsonSchemaNode): Set<string> | undefined {
  if (s.const !== undefined)
    return new Set([s.const === null ? 'null' : typeof s.const === 'number' ? 'number' : typeof s.const]);
  if (s.type === undefined) return undefined;
  return new Set(Array.isArray(s.type) ? s.type : [s.type]);
}

function typeAccepted(producer: string, consumer: Set<string>): boolean {
  return consumer.has(producer) || (producer === 'integer' && consumer.has('number'));
}

function values(s: JsonSchemaNode): unknown[] | undefined {
  if (s.const !== undefined) return [s.const];
  return s.enum;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Finds the first field where data valid for `producer` could be invalid for `consumer`:
 * missing required fields, type mismatches, values outside an enum, unknown fields where the
 * consumer forbids them. Returns undefined when every producer value satisfies the consumer.
 */
export function firstIncompatibility(
  producer: JsonSchemaNode,
  consumer: JsonSchemaNode,
  path = '',
): Incompatibility | undefined {
  const pBranches = producer.anyOf ?? producer.oneOf;
  if (pBranches) {
    for (const branch of pBranches) {
      const found = firstIncompatibility(branch, consumer, path);
      if (found) return found;
    }
    return undefined;
  }
  const cBranches = consumer.anyOf ?? consumer.oneOf;
  if (cBranches) {
    const results = cBranches.map((b) => firstIncompatibility(producer, b, path));
    if (results.some((r) => r === undefined)) return undefined;
    return results[0] ?? { path, reason: 'matches none of the accepted shapes' };
  }
  const ct = types(consumer);
  const pt = types(producer);
  if (ct) {
    if (!pt)
      return {
        path: path || '(root)',
        reason: `may be any type; the receiver expects ${[...ct].join(' | ')}`,
      };
    for (const t of pt) {
      if (!typeAccepted(t, ct))
        return { path: path || '(root)', reason: `is ${t}; the receiver expects ${[...ct].join(' | ')}` };
    }
  }
  const cv = values(consumer);
  if (cv) {
    const pv = values(producer);
    if (!pv)
      return {
        path: path || '(root)',
        reason: `may be any value; the receiver accepts only ${cv.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    const missing = pv.find((v) => !cv.some((c) => JSON.stringify(c) === JSON.stringify(v)));
    if (missing !== undefined)
      return {
        path: path || '(root)',
        reason: `may be ${JSON.stringify(missing)}, which the receiver does not accept`,
      };
  }
  if (consumer.properties || consumer.required) {
    const pProps = producer.properties ?? {};
    const pRequired = new Set(producer.required ?? []);
    for (const key of consumer.required ?? []) {
      if (!(key in pProps))
        return {
          path: join(path, key),
          reason: 'is required by the receiver but the sender does not send it',
        };
      if (!pRequired.has(key))
        return { path: join(path, key), reason: 'is required by the receiver but optional in the sender' };
    }
    for (const [key, cProp] of Object.entries(consumer.properties ?? {})) {
      const pProp = pProps[key];
      if (pProp) {
        const found = firstIncompatibility(pProp, cProp, join(path, key));
        if (found) return found;
      }
    }
    if (consumer.additionalProperties === false) {
      const extra = Object.keys(pProps).find((k) => !(k in (consumer.properties ?? {})));
      if (extra)
        return { path: join(path, extra), reason: 'is sent but the receiver does not accept unknown fields' };
    }
  }
  if (consumer.items && producer.items)
    return firstIncompatibility(producer.items, consumer.items, `${path}[]`);
  return undefined;
}
