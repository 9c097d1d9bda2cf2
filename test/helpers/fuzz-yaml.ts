import fc from 'fast-check';
import { parse, stringify } from 'yaml';

/** One change to a parsed YAML document, at the `pick`-th of its paths (modulo their number). */
export interface TreeMutation {
  pick: number;
  op: 'delete' | 'set' | 'unknown-key' | 'wrap';
  value: unknown;
  key: string;
}

/** Values of the wrong type, wrong enum members and out-of-range numbers. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(-1, 0, 1, 0.5, 101, 1e12, -1e12, 1e308, -0.0001, 2 ** 53 + 1),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', 'nope', 'qualify', 'sqlite', 'postgres', 'true', '~', '0x1F', 'UTC', 'Mars/Olympus'),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), {
    maxKeys: 3,
  }),
);

export const treeMutation: fc.Arbitrary<TreeMutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('delete', 'set', 'set', 'unknown-key', 'wrap'),
  value: oddValue,
  key: fc.string({ minLength: 1, maxLength: 10 }),
});

type Path = (string | number)[];

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) paths(v, [...at, i], out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** Applies mutations to a copy of a parsed document. */
export function mutateTree(doc: unknown, mutations: readonly TreeMutation[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.pick % all.length] as Path;
    if (path.length === 0) {
      if (m.op === 'set') root = m.value;
      else if (m.op === 'unknown-key' && root && typeof root === 'object' && !Array.isArray(root))
        (root as Record<string, unknown>)[m.key] = m.value;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
    const key = path[path.length - 1] as string | number;
    const p = parent as Record<string | number, unknown>;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
    } else if (m.op === 'set') p[key] = m.value;
    else if (m.op === 'wrap') p[key] = [p[key]];
    else {
      const target = p[key];
      if (target && typeof target === 'object' && !Array.isArray(target))
        (target as Record<string, unknown>)[m.key] = m.value;
      else p[m.key] = m.value;
    }
  }
  return root;
}

/** Parses, mutates and renders a YAML text. */
export function mutateYaml(text: string, mutations: readonly TreeMutation[]): string {
  return stringify(mutateTree(parse(text), mutations));
}

/** One change to the bytes of a text. */
export interface TextMutation {
  at: number;
  length: number;
  op: 'delete' | 'insert' | 'replace' | 'duplicate-line' | 'indent';
  text: string;
}

const YAML_PUNCTUATION = [
  ':',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '!!str ',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '#',
  '\t',
  '\n',
  ': :',
  '? ',
];

export const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 40 }),
  op: fc.constantFrom('delete', 'insert', 'replace', 'duplicate-line', 'indent'),
  text: fc.oneof(fc.constantFrom(...YAML_PUNCTUATION), fc.string({ maxLength: 8, unit: 'binary' })),
});

/** Applies byte-level mutations to a text. */
export function mutateText(text: string, mutations: readonly TextMutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % t.length;
    if (m.op === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
    else if (m.op === 'insert') t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.op === 'replace') t = t.slice(0, at) + m.text + t.slice(at + m.text.length);
    else {
      const lines = t.split('\n');
      const i = m.at % lines.length;
      if (m.op === 'duplicate-line') lines.splice(i, 0, lines[i] ?? '');
      else lines[i] = ' '.repeat(1 + (m.length % 5)) + (lines[i] ?? '');
      t = lines.join('\n');
    }
  }
  return t;
}

/** "Billion laughs": `levels` anchors, each a list of `width` aliases of the one before. */
export function aliasBomb(levels: number, width: number, under = 'description'): string {
  const lines = ['a0: &a0 "lol"'];
  for (let i = 1; i <= levels; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(', ')}]`);
  lines.push(`${under}: *a${levels}`);
  return `${lines.join('\n')}\n`;
}

/** A document nested `depth` levels deep, in flow (`[[[…]]]`) or block (`a:\n  a:\n …`) style. */
export function deepNesting(
  depth: number,
  style: 'flow' | 'block' | 'flow-map',
  under = 'description',
): string {
  if (style === 'flow') return `${under}: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
  if (style === 'flow-map') return `${under}: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
  const lines = [`${under}:`];
  for (let i = 1; i <= depth; i++) lines.push(`${' '.repeat(i)}a:`);
  lines.push(`${' '.repeat(depth + 1)}b`);
  return `${lines.join('\n')}\n`;
}

/** A mapping of `count` keys (unique or repeated). */
export function manyKeys(count: number, repeated: boolean): string {
  return Array.from({ length: count }, (_, i) => `k${repeated ? i % 7 : i}: ${i}`).join('\n');
}
