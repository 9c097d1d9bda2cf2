import {
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { type AnyLoop, type ConfigPatch, type Json, RevloopsError } from '../kernel/index.js';
import { canonicalJson, contentHash } from './canonical.js';
import { applyConfigPatches, pathKeys, valueAt } from './config-patch.js';
import { unifiedDiff } from './line-diff.js';
import { blockText, flowText, scalarText } from './yaml-render.js';
import { parseYaml, validateYaml } from './yaml-source.js';

/** A loop's YAML file with a change applied: the new text, its diff, and the config it parses to. */
export interface PatchedLoopFile {
  text: string;
  diff: string;
  config: unknown;
  /** Content hash of the new config: the config version it will run as. */
  version: string;
}

/** One replacement of a range of the original text. */
interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Thrown when a change cannot be made as a text edit; the whole document is re-rendered instead. */
class CannotSplice extends Error {}

const isObject = (v: Json): v is { [key: string]: Json } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isCollection = (v: Json): boolean => v !== null && typeof v === 'object';

function range(node: Node | null | undefined): [number, number] {
  const r = node?.range;
  if (!r) throw new CannotSplice('node without a source range');
  return [r[0], r[1]];
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** Text edits that turn one document's nodes into a new value, leaving all other text alone. */
class Editor {
  readonly splices: Splice[] = [];
  constructor(private readonly text: string) {}

  /** Where a node's text ends, before the line break and blanks a block node's range takes in. */
  private end(node: Node | null | undefined): number {
    const [start, end] = range(node);
    let e = end;
    while (e > start && /\s/.test(this.text[e - 1] ?? '')) e--;
    return e;
  }

  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The value as it would sit after `key: ` (or `- `) at column `indent` of a block. */
  private blockValue(value: Json, indent: number): string {
    if (!isCollection(value)) return ` ${scalarText(value)}`;
    if (Array.isArray(value) && value.every((v) => !isCollection(v))) return ` ${flowText(value)}`;
    return `\n${blockText(value, indent + 2)}`;
  }

  edit(node: Node | null | undefined, value: Json, inFlow: boolean): void {
    if (isScalar(node) && !isCollection(value)) {
      const [start, end] = range(node);
      this.splices.push({ start, end, text: scalarText(value) });
    } else if (isMap(node) && isObject(value)) {
      this.editMap(node, value, inFlow || Boolean(node.flow));
    } else if (isSeq(node) && Array.isArray(value)) {
      this.editSeq(node, value, inFlow || Boolean(node.flow));
    } else if (node && (inFlow || (!isScalar(node) && (node as YAMLMap).flow))) {
      const [start, end] = range(node);
      this.splices.push({ start, end, text: flowText(value) });
    } else {
      throw new CannotSplice('a block node changes type');
    }
  }

  private editMap(node: YAMLMap, value: { [key: string]: Json }, flow: boolean): void {
    const present = new Set<string>();
    for (const pair of node.items) {
      const k = keyText(pair);
      present.add(k);
      if (!Object.hasOwn(value, k)) this.removePair(node, pair, flow);
      else if (canonicalJson((pair.value as Node | null)?.toJSON?.() ?? null) !== canonicalJson(value[k]))
        this.edit(pair.value as Node | null, value[k] as Json, flow);
    }
    for (const [k, v] of Object.entries(value)) if (!present.has(k)) this.addKey(node, k, v, flow);
  }

  private removePair(node: YAMLMap, pair: Pair, flow: boolean): void {
    const [keyStart] = range(pair.key as Node);
    const end = this.end((pair.value as Node | null) ?? (pair.key as Node));
    if (flow) {
      const i = node.items.indexOf(pair);
      const prev = node.items[i - 1];
      const start = prev ? this.end((prev.value as Node | null) ?? (prev.key as Node)) : keyStart;
      this.splices.push({ start, end: prev ? end : this.afterComma(end), text: '' });
    } else {
      const start = this.lineStart(keyStart);
      const next = this.text.indexOf('\n', end);
      this.splices.push({ start, end: next === -1 ? this.text.length : next + 1, text: '' });
    }
  }

  private afterComma(offset: number): number {
    const m = /^\s*,\s*/.exec(this.text.slice(offset));
    return offset + (m ? m[0].length : 0);
  }

  addKey(node: YAMLMap, key: string, value: Json, flow: boolean): void {
    const last = node.items.at(-1);
    if (!last) throw new CannotSplice('an empty map');
    const at = this.end((last.value as Node | null) ?? (last.key as Node));
    if (flow) {
      this.splices.push({ start: at, end: at, text: `, ${scalarText(key)}: ${flowText(value)}` });
      return;
    }
    const indent = this.column(range(last.key as Node)[0]);
    this.splices.push({
      start: at,
      end: at,
      text: `\n${' '.repeat(indent)}${scalarText(key)}:${this.blockValue(value, indent)}`,
    });
  }

  private editSeq(node: YAMLSeq, value: Json[], flow: boolean): void {
    const items = node.items as (Node | null)[];
    value.forEach((v, i) => {
      if (i < items.length) {
        if (canonicalJson(items[i]?.toJSON?.() ?? null) !== canonicalJson(v)) this.edit(items[i], v, flow);
      }
    });
    const last = items.at(-1);
    if (value.length > items.length) {
      if (!last) throw new CannotSplice('an empty list');
      const at = this.end(last);
      const extra = value.slice(items.length);
      if (flow) {
        this.splices.push({ start: at, end: at, text: extra.map((v) => `, ${flowText(v)}`).join('') });
      } else {
        const dash = this.text.lastIndexOf('-', range(last)[0]);
        const indent = this.column(dash);
        const lines = extra.map((v) => `\n${blockText([v], indent)}`).join('');
        this.splices.push({ start: at, end: at, text: lines });
      }
    } else if (value.length < items.length) {
      const keep = items[value.length - 1];
      const first = items[value.length];
      if (!keep || !first || !last) throw new CannotSplice('a list emptied');
      this.splices.push({ start: this.end(keep), end: this.end(last), text: '' });
    }
  }

  apply(): string {
    const sorted = [...this.splices].sort((a, b) => b.start - a.start);
    let out = this.text;
    let limit = Number.POSITIVE_INFINITY;
    for (const s of sorted) {
      if (s.end > limit) throw new CannotSplice('overlapping edits');
      out = out.slice(0, s.start) + s.text + out.slice(s.end);
      limit = s.start;
    }
    return out;
  }
}

/**
 * One patch as text edits. Where the file leaves a field to its default, the missing maps are
 * written down to the field; a missing list is written whole, from the patched config.
 */
function spliceOne(text: string, patch: ConfigPatch, patched: Json): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const editor = new Editor(text);
  const keys = pathKeys(patch.path);
  let node = doc.contents as Node | null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (isSeq(node) && /^\d+$/.test(key) && Number(key) < node.items.length) {
      node = node.items[Number(key)] as Node | null;
    } else if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p) === key);
      if (!pair) {
        const rest = keys.slice(i + 1);
        const value = rest.some((k) => /^\d+$/.test(k))
          ? (valueAt(patched, keys.slice(0, i + 1).join('.')) ?? null)
          : rest.reduceRight<Json>((v, k) => ({ [k]: v }), patch.to);
        editor.addKey(node, key, value, Boolean(node.flow));
        return editor.apply();
      }
      node = pair.value as Node | null;
    } else if (isSeq(node) && Number(key) === node.items.length) {
      editor.edit(node, (valueAt(patched, keys.slice(0, i).join('.')) ?? null) as Json, Boolean(node.flow));
      return editor.apply();
    } else {
      throw new CannotSplice(`no place for ${patch.path}`);
    }
  }
  editor.edit(node, patch.to, false);
  return editor.apply();
}

/** The fallback: the whole document re-rendered by the yaml library (comments kept, layout normalized). */
function rerender(text: string, patches: readonly ConfigPatch[], patched: Json): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  for (const p of patches) {
    const keys = pathKeys(p.path);
    const top = keys[0] as string;
    doc.set(top, doc.createNode(valueAt(patched, top) ?? null));
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Parses a loop file's text and returns its config (without the `loop:` key), checked by the loop's schema. */
export function parseLoopConfig(loop: AnyLoop, text: string, file: string): unknown {
  const source = parseYaml(text, file);
  const { loop: _name, ...rest } = (source.data ?? {}) as Record<string, unknown>;
  return validateYaml(source, loop.config, rest);
}

/**
 * Applies config patches to a loop's YAML file as text edits located with the yaml Document API,
 * so comments, key order, quoting and flow style stay exactly as they were, then checks the result:
 * it must be valid for the loop and parse to exactly the patched config. A bad change is refused
 * with the located problem and nothing is written.
 */
export function patchLoopFile(args: {
  loop: AnyLoop;
  file: string;
  text: string;
  config: unknown;
  patches: readonly ConfigPatch[];
}): PatchedLoopFile {
  const { loop, file, text, patches } = args;
  const patched = applyConfigPatches(args.config, patches);
  const checked = loop.config.safeParse(patched);
  if (!checked.success)
    throw new RevloopsError(
      'CONFIG_INVALID',
      `the change would make ${file} invalid`,
      checked.error.issues.map((i) => ({ file, path: i.path.map(String).join('.'), message: i.message })),
    );
  const wanted = canonicalJson(checked.data);
  const attempts = [
    () => patches.reduce((t, p) => spliceOne(t, p, patched), text),
    () => rerender(text, patches, patched),
  ];
  for (const attempt of attempts) {
    let next: string;
    try {
      next = attempt();
    } catch (err) {
      if (err instanceof CannotSplice) continue;
      throw err;
    }
    let config: unknown;
    try {
      config = parseLoopConfig(loop, next, file);
    } catch {
      continue;
    }
    if (canonicalJson(config) === wanted)
      return { text: next, diff: unifiedDiff(text, next, file), config, version: contentHash(config) };
  }
  throw new RevloopsError(
    'INTERNAL',
    `could not write the change into ${file} so that it reads back as the patched config; edit the file by hand`,
  );
}
