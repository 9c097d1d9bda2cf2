import type { JsonSchemaNode } from '../workspace/schema-compat.js';

/** One documented field of a config file: where it sits and what it accepts. */
export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  default?: unknown;
  allowed: string[];
  description: string;
  /** The variants this field belongs to, outermost first, e.g. `kind: postgres`. */
  when: string[];
}

/** A `$defs` entry referenced from the fields (a recursive shape such as a condition). */
export interface SharedShape {
  ref: string;
  anchor: string;
  title: string;
  firstUsedAt: string;
  node: JsonSchemaNode;
}

/** Resolves `$ref`s against a bundle's `$defs` and names each shared shape once, in order of first use. */
export class Shapes {
  readonly used = new Map<string, SharedShape>();
  constructor(
    private readonly defs: Record<string, JsonSchemaNode>,
    private readonly anchorPrefix: string,
  ) {}

  /** The shape a `$ref` points at, registered for its own section on first use. */
  resolve(ref: string, usedAt: string): SharedShape {
    const existing = this.used.get(ref);
    if (existing) return existing;
    const key = ref.replace('#/$defs/', '');
    const node = this.defs[key];
    if (!node) throw new Error(`unresolved schema reference ${ref}`);
    const n = this.used.size + 1;
    const title = isJsonValue(node)
      ? 'any JSON value'
      : isCondition(node)
        ? 'condition'
        : `nested shape ${n}`;
    const taken = [...this.used.values()].some((s) => s.title === title);
    const shape: SharedShape = {
      ref,
      anchor: `${this.anchorPrefix}-${title.replaceAll(' ', '-')}${taken ? `-${n}` : ''}`,
      title,
      firstUsedAt: usedAt,
      node,
    };
    this.used.set(ref, shape);
    return shape;
  }
}

const PRIMITIVES = ['string', 'number', 'boolean', 'null'];

/** A recursive "any JSON value" schema (zod's z.json()): documented as a type, not as a shape. */
function isJsonValue(node: JsonSchemaNode): boolean {
  const types = (node.anyOf ?? []).flatMap((b) => (typeof b.type === 'string' ? [b.type] : []));
  return PRIMITIVES.every((t) => types.includes(t)) && types.includes('array') && types.includes('object');
}

/** The kernel's recursive condition ({all}, {any}, {not}, {cel}, {field, op, value}). */
const isCondition = (node: JsonSchemaNode) =>
  ['all', 'any', 'not', 'field', 'op'].every((k) => node.properties?.[k] !== undefined);

const variantsOf = (node: JsonSchemaNode): JsonSchemaNode[] | undefined => node.anyOf ?? node.oneOf;

/** The property every variant of a union fixes to a constant (`kind`, `type`), if there is one. */
function discriminator(variants: JsonSchemaNode[]): string | undefined {
  const first = variants[0]?.properties ?? {};
  return Object.keys(first).find((k) =>
    variants.every((v) => v.type === 'object' && v.properties?.[k]?.const !== undefined),
  );
}

const isMap = (n: JsonSchemaNode) =>
  n.type === 'object' && !n.properties && typeof n.additionalProperties === 'object';

/** A short type name, e.g. `string`, `number[]`, `map of number`, `sqlite \| postgres`. */
function typeName(node: JsonSchemaNode, shapes: Shapes, at: string): string {
  if (typeof node.$ref === 'string') {
    const shape = shapes.resolve(node.$ref, at);
    return shape.title === 'any JSON value' ? shape.title : `[${shape.title}](#${shape.anchor})`;
  }
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return typeof node.enum[0] === 'number' ? 'number' : 'string';
  const variants = variantsOf(node);
  if (variants) {
    const names = variants.map((v) => typeName(v, shapes, at));
    return [...new Set(names)].join(' or ');
  }
  if (Array.isArray(node.type)) return node.type.join(' or ');
  const group = (t: string) => (t.includes(' or ') ? `(${t})` : t);
  if (node.type === 'array')
    return node.items ? `list of ${group(typeName(node.items, shapes, at))}` : 'list';
  if (isMap(node))
    return `map of ${group(typeName(node.additionalProperties as JsonSchemaNode, shapes, at))}`;
  if (node.type === 'integer') return 'integer';
  return node.type ?? 'any';
}

/** What a field accepts beyond its type: values, bounds, patterns. */
function allowed(node: JsonSchemaNode): string[] {
  const out: string[] = [];
  const code = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
  if (node.enum) out.push(node.enum.map(code).join(', '));
  const bound = (key: string, label: string) => {
    const v = node[key];
    if (typeof v === 'number' && Math.abs(v) !== Number.MAX_SAFE_INTEGER) out.push(`${label} ${v}`);
  };
  bound('minimum', '≥');
  bound('exclusiveMinimum', '>');
  bound('maximum', '≤');
  bound('exclusiveMaximum', '<');
  bound('minLength', 'length ≥');
  bound('maxLength', 'length ≤');
  bound('minItems', 'items ≥');
  bound('maxItems', 'items ≤');
  if (typeof node.pattern === 'string') out.push(`pattern \`${node.pattern}\``);
  if (typeof node.format === 'string') out.push(`format ${node.format}`);
  for (const v of variantsOf(node) ?? []) if (!v.properties) out.push(...allowed(v));
  return [...new Set(out)];
}

/** The rows of an object's fields and of everything nested in them, depth first in schema order. */
export function fieldRows(node: JsonSchemaNode, shapes: Shapes, prefix = ''): FieldRow[] {
  const variants = variantsOf(node)?.filter((v) => v.type === 'object' && v.properties);
  if (!node.properties && variants && variants.length > 0) return unionRows(variants, shapes, prefix);
  const rows: FieldRow[] = [];
  const required = new Set(node.required ?? []);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix + name;
    rows.push(row(path, child, required.has(name), shapes));
    rows.push(...nested(child, path, shapes));
  }
  return rows;
}

function row(path: string, node: JsonSchemaNode, required: boolean, shapes: Shapes): FieldRow {
  return {
    path,
    type: typeName(node, shapes, path),
    required: required && node.default === undefined,
    ...(node.default !== undefined ? { default: node.default } : {}),
    allowed: allowed(node),
    description: typeof node.description === 'string' ? node.description : '',
    when: [],
  };
}

/** The fields inside a field: an object's, a list item's (`path[]`), a map value's (`path.<name>`). */
function nested(node: JsonSchemaNode, path: string, shapes: Shapes): FieldRow[] {
  if (node.type === 'object' && node.properties) return fieldRows(node, shapes, `${path}.`);
  if (node.type === 'array' && node.items) return nested(node.items, `${path}[]`, shapes);
  if (isMap(node)) return nested(node.additionalProperties as JsonSchemaNode, `${path}.<name>`, shapes);
  const variants = variantsOf(node)?.filter((v) => v.type === 'object' && v.properties);
  if (variants && variants.length > 0) return unionRows(variants, shapes, `${path}.`);
  return [];
}

/**
 * The fields of a union of objects. With a discriminator (`kind`, `type`) each variant's own fields
 * say when they apply; fields every variant shares in the same form are listed once.
 */
function unionRows(variants: JsonSchemaNode[], shapes: Shapes, prefix: string): FieldRow[] {
  const key = discriminator(variants);
  const groups = new Map<string, { row: FieldRow; tags: string[] }[]>();
  for (const v of variants) {
    const tag = key ? `\`${key}: ${String(v.properties?.[key]?.const)}\`` : '';
    for (const r of fieldRows(v, shapes, prefix)) {
      const list = groups.get(r.path) ?? [];
      list.push({ row: r, tags: tag ? [tag] : [] });
      groups.set(r.path, list);
    }
  }
  const out: FieldRow[] = [];
  for (const [path, list] of groups) {
    if (key && path === prefix + key) out.push(discriminatorRow(list.map((l) => l.row)));
    else out.push(...mergeSame(list, variants.length));
  }
  return out;
}

/** The discriminator's row: its values, each with what it selects. */
function discriminatorRow(rows: FieldRow[]): FieldRow {
  const values = rows.map((r) => JSON.parse(r.type) as unknown);
  const described = rows.filter((r) => r.description !== '');
  const description = described.map((r) => `\`${JSON.parse(r.type)}\`: ${r.description}`).join(' ');
  const first = rows[0] as FieldRow;
  return {
    ...first,
    type: typeof values[0] === 'number' ? 'number' : 'string',
    allowed: [values.map((v) => `\`${String(v)}\``).join(', ')],
    description,
  };
}

/** Rows identical across variants become one; those that cover every variant need no condition. */
function mergeSame(list: { row: FieldRow; tags: string[] }[], variantCount: number): FieldRow[] {
  const bySignature = new Map<string, { row: FieldRow; tags: string[] }>();
  for (const item of list) {
    const { when: _when, ...rest } = item.row;
    const sig = JSON.stringify(rest) + JSON.stringify(item.row.when);
    const seen = bySignature.get(sig);
    if (seen) seen.tags.push(...item.tags);
    else bySignature.set(sig, { row: item.row, tags: [...item.tags] });
  }
  return [...bySignature.values()].map(({ row: r, tags }) => {
    if (tags.length === 0 || tags.length === variantCount) return r;
    return { ...r, when: [tags.join(' or '), ...r.when] };
  });
}
